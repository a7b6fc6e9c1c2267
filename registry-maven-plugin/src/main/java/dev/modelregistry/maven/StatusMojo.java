package dev.modelregistry.maven;

import dev.modelregistry.git.Registry;
import dev.modelregistry.git.StatusCommand;
import dev.modelregistry.model.Display;
import dev.modelregistry.model.EnvironmentRecord;
import java.util.List;
import java.util.Map;
import org.apache.maven.plugins.annotations.Mojo;

/**
 * What every environment runs, per model, with who promoted it and when; and the registry's size.
 */
@Mojo(name = "status", requiresProject = false, threadSafe = true)
public class StatusMojo extends AbstractRegistryMojo {

  /** The answer of the last run, for tests. */
  StatusCommand.Status status;

  @Override
  protected void run() {
    try (Registry registry = openRegistry()) {
      status = registry.status().call();
      if (printJson(status)) {
        return;
      }
      getLog()
          .info(
              "Registry "
                  + registry.directory()
                  + ": "
                  + status.models()
                  + " model(s), "
                  + status.versions()
                  + " version(s) ("
                  + status.failed()
                  + " failed), "
                  + status.artifacts()
                  + " artifact(s).");
      getLog()
          .info(
              "Last verify on this machine: "
                  + status.lastVerify().map(Display::escape).orElse("never (run registry:verify)"));
      status.lockFiles().forEach(l -> getLog().warn("Lock file " + Display.escape(l.toString())));
      for (Map.Entry<String, List<EnvironmentRecord>> env : status.running().entrySet()) {
        if (env.getValue().isEmpty()) {
          getLog().info(env.getKey() + ": nothing promoted yet.");
          continue;
        }
        getLog().info(env.getKey() + ":");
        dev.modelregistry.git.text.AnswerText.running(env.getValue())
            .forEach(l -> getLog().info("  " + l));
      }
    }
  }
}
