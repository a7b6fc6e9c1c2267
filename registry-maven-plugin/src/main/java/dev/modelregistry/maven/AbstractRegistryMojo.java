package dev.modelregistry.maven;

import dev.modelregistry.git.Registry;
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
 * What every goal shares: the registry URL, {@code registry.skip}, and the one place where the
 * library's errors become Maven's. A refusal (the input or the registry's state says no) is a
 * {@link MojoFailureException}, BUILD FAILURE; a broken environment is a {@link
 * MojoExecutionException}, BUILD ERROR. Goals only say what they ask of the library, in {@link
 * #run()}.
 */
public abstract class AbstractRegistryMojo extends AbstractMojo {

  /** The registry: a local path or a {@code file:} URL. */
  @Parameter(property = RegistryProperties.URL, defaultValue = RegistryProperties.DEFAULT_URL)
  protected String url;

  /** Skip this goal. */
  @Parameter(property = RegistryProperties.SKIP, defaultValue = "false")
  protected boolean skip;

  /** The project, when the goal runs in one; a stand-in without a pom. */
  @Parameter(defaultValue = "${project}", readonly = true)
  protected MavenProject project;

  @Override
  public final void execute() throws MojoExecutionException, MojoFailureException {
    if (skip) {
      getLog().info("Skipped (" + RegistryProperties.SKIP + "=true).");
      return;
    }
    try {
      run();
    } catch (RegistryRefusedException e) {
      throw new MojoFailureException(Display.escapeLines(e.getMessage()), e); // Maven prints it: see EscapingLog
    } catch (RegistryUnavailableException e) {
      throw new MojoExecutionException(Display.escapeLines(e.getMessage()), e);
    }
  }

  /** The log, escaping what values read from a registry must not put on a terminal ({@link EscapingLog}). */
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
    return Registry.open(url);
  }

  /** Logs each line of a multi-line text at info level, each escaped as one value ({@link Display#escape}). */
  protected void info(String text) {
    text.lines().map(Display::escape).forEach(getLog()::info);
  }
}
