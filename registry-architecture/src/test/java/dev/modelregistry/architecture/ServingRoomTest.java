package dev.modelregistry.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/**
 * The runtime loader's room is a client of the porcelain: a service that embeds it sees no JGit
 * type, and the loader works only through what the porcelain offers every caller.
 */
class ServingRoomTest {
  private static final String SERVING = "dev.modelregistry.git.serving..";

  private static JavaClasses servingClasses() {
    JavaClasses classes =
        new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("dev.modelregistry.git.serving");
    if (!classes.contain("dev.modelregistry.git.serving.ModelLoader")) {
      throw new IllegalStateException("the loader is not on the test class path");
    }
    return classes;
  }

  @Test
  void theLoaderUsesNoJGitType() {
    noClasses()
        .that()
        .resideInAPackage(SERVING)
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage("org.eclipse.jgit..")
        .check(servingClasses());
  }
}
