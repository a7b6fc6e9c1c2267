package dev.modelregistry.maven;

import dev.modelregistry.git.Registry;
import dev.modelregistry.git.RegistryOptions;
import dev.modelregistry.git.signing.MinaProviders;
import dev.modelregistry.model.Display;
import dev.modelregistry.model.RegistryRefusedException;
import dev.modelregistry.model.RegistryUnavailableException;
import org.apache.maven.plugin.AbstractMojo;
import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.plugin.logging.Log;
import org.apache.maven.plugins.annotations.Parameter;
import org.apache.maven.project.MavenProject;

/**
 * What every goal shares: the registry URL, {@code registry.skip}, how the registry is opened
 * (cache, credentials, passphrases: {@link #options()}), and the one place where the library's
 * errors become Maven's. A refusal (the input or the registry's state says no) is a {@link
 * MojoFailureException}; a broken environment is a {@link MojoExecutionException}. Maven 3 prints
 * BUILD FAILURE for both, so each message starts by saying which it is. Goals only say what they
 * ask of the library, in {@link #run()}.
 */
public abstract class AbstractRegistryMojo extends AbstractMojo {

  /**
   * The registry: a local path ({@code /srv/model-registry}, created by {@code init} or the first
   * {@code register} there), or a Git URL: {@code file:///srv/registry.git}, {@code
   * https://git.example.com/team/registry.git}, {@code ssh://git@git.example.com/team/registry.git}
   * or {@code git@git.example.com:team/registry.git}. A remote registry is worked on in a local
   * clone under {@code registry.cache}.
   */
  @Parameter(property = RegistryProperties.URL, defaultValue = RegistryProperties.DEFAULT_URL)
  protected String url;

  /**
   * Where clones of remote registries and this user's local state about registries are kept.
   * Default: {@code REGISTRY_CACHE}, else {@code ~/.cache/model-registry}.
   */
  @Parameter(property = RegistryProperties.CACHE)
  protected java.io.File cache;

  /** False under {@code mvn -B}: then no passphrase is ever asked at the terminal. */
  @Parameter(defaultValue = "${settings.interactiveMode}", readonly = true)
  protected boolean interactive = true;

  /**
   * {@code text} for people (Maven's log), or {@code json}: the answer as one JSON document on
   * standard output, also under {@code mvn -q} (as {@code help:evaluate -DforceStdout} does); a
   * failure then prints an error document there too.
   */
  @Parameter(property = RegistryProperties.FORMAT, defaultValue = "text")
  protected String format = "text";

  /** Skip this goal. */
  @Parameter(property = RegistryProperties.SKIP, defaultValue = "false")
  protected boolean skip;

  /** The project, when the goal runs in one; a stand-in without a pom. */
  @Parameter(defaultValue = "${project}", readonly = true)
  protected MavenProject project;

  /** The build, whose resolver and settings.xml reach Maven-repository stores. */
  @Parameter(defaultValue = "${session}", readonly = true)
  protected org.apache.maven.execution.MavenSession session;

  @org.apache.maven.plugins.annotations.Component
  protected org.eclipse.aether.RepositorySystem repositorySystem;

  @org.apache.maven.plugins.annotations.Component
  protected org.apache.maven.settings.crypto.SettingsDecrypter settingsDecrypter;

  @Override
  public final void execute() throws MojoExecutionException, MojoFailureException {
    if (skip) {
      getLog().info("Skipped (" + RegistryProperties.SKIP + "=true).");
      return;
    }
    // Maven's class loaders may have registered another BouncyCastle: make MINA use its own
    // (JVM-wide, so said here)
    MinaProviders.useOwnBouncyCastle();
    quietLibraries();
    try {
      json(); // a wrong format is a usage error, before anything runs
      run();
    } catch (RegistryRefusedException e) {
      throw GoalFailures.refused(e, new GoalOutput(format));
    } catch (RegistryUnavailableException e) {
      throw GoalFailures.unavailable(e, new GoalOutput(format));
    }
  }

  /**
   * Keeps the SSH library's chatter ({@code [INFO] getOrCreateProvider(BC) created instance of ...}
   * on every goal that signs or verifies) out of the build's output: Maven's SLF4J logger reads a
   * logger's level from this system property when the logger is made, which is at MINA's first use,
   * after this. Its warnings and errors still show; a level the user set with {@code -D} is kept.
   */
  private static void quietLibraries() {
    String property = "org.slf4j.simpleLogger.log.org.apache.sshd";
    if (System.getProperty(property) == null) {
      System.setProperty(property, "warn");
    }
  }

  /** True for {@code registry.format=json}; refuses a format other than text or json. */
  protected boolean json() {
    return new GoalOutput(format).json();
  }

  /**
   * In json format, prints {@code answer} as one JSON document on standard output and answers true:
   * the goal then logs no text answer. In text format answers false.
   */
  protected boolean printJson(Object answer) {
    return new GoalOutput(format).print(answer);
  }

  /**
   * The model a goal acts on: the one given, or in a project its artifactId, as register takes it.
   */
  protected String modelOrProject(String model) {
    return model != null ? model : inProject() ? project.getArtifactId() : null;
  }

  /**
   * The version a goal acts on: the one given, or in a project {@code v} and the project's version.
   */
  protected String versionOrProject(String version) {
    return version != null ? version : inProject() ? "v" + project.getVersion() : null;
  }

  /** How the goals open a registry: see {@link BuildResolver#options}. */
  protected RegistryOptions options() {
    return BuildResolver.options(this);
  }

  /**
   * The log, escaping what values read from a registry must not put on a terminal ({@link
   * EscapingLog}).
   */
  @Override
  public Log getLog() {
    return new EscapingLog(super.getLog()); // wraps whatever log Maven (or a test) set
  }

  /** The goal's work. */
  protected abstract void run() throws MojoFailureException;

  /** True when the goal runs inside a real project (not Maven's stand-in for "no pom"). */
  protected boolean inProject() {
    return project != null && project.getFile() != null;
  }

  /** Opens the registry at {@link #url}; refuses if there is none. */
  protected Registry openRegistry() {
    return Registry.open(url, options());
  }

  /**
   * Logs each line of a multi-line text at info level, each escaped as one value ({@link
   * Display#escape}).
   */
  protected void info(String text) {
    text.lines().map(Display::escape).forEach(getLog()::info);
  }
}
