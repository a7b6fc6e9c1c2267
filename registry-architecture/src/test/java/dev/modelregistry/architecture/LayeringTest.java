package dev.modelregistry.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The layering of DESIGN.md, on the compiled main classes of every module: the model knows no Git
 * and no Maven, the library no front end, the front ends none of the library's internals, and no
 * two packages need each other. A violation fails the build with the classes and calls at fault.
 */
class LayeringTest {
  private static JavaClasses classes;

  @BeforeAll
  static void importClasses() {
    classes =
        new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("dev.modelregistry");
    for (String front :
        java.util.List.of(
            "dev.modelregistry.maven.AbstractRegistryMojo", "dev.modelregistry.cli.RegistryCli")) {
      if (!classes.contain(
          front)) { // a rule over classes that were never imported would pass without checking
        // anything
        throw new IllegalStateException(
            front + " is not on the test class path: the rules would check nothing of it");
      }
    }
  }

  @Test
  void theModelKnowsNeitherGitNorMaven() {
    noClasses()
        .that()
        .resideInAPackage("dev.modelregistry.model..")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage(
            "org.eclipse.jgit..",
            "org.apache.maven..",
            "picocli..",
            "dev.modelregistry.git..",
            "dev.modelregistry.maven..",
            "dev.modelregistry.cli..")
        .check(classes);
  }

  @Test
  void theLibraryKnowsNoFrontEnd() {
    noClasses()
        .that()
        .resideInAPackage("dev.modelregistry.git..")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage(
            "org.apache.maven..",
            "picocli..",
            "dev.modelregistry.maven..",
            "dev.modelregistry.cli..")
        .check(classes);
  }

  @Test
  void frontEndsUseNoInternals() {
    noClasses()
        .that()
        .resideInAnyPackage("dev.modelregistry.maven..", "dev.modelregistry.cli..")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage("dev.modelregistry.git.internal..", "dev.modelregistry.git.remote..")
        .check(classes);
  }

  @Test
  void packagesFormNoCycle() {
    slices().matching("dev.modelregistry.(**)").should().beFreeOfCycles().check(classes);
  }

  @Test
  void thePorcelainTakesAndGivesValuesOfOursNotJGitsPersonsOrRepositories() {
    java.util.Set<String> jgits =
        java.util.Set.of("org.eclipse.jgit.lib.Repository", "org.eclipse.jgit.lib.PersonIdent");
    com.tngtech.archunit.lang.ArchCondition<com.tngtech.archunit.core.domain.JavaCodeUnit> useThem =
        new com.tngtech.archunit.lang.ArchCondition<>(
            "take or give a JGit Repository or PersonIdent") {
          @Override
          public void check(
              com.tngtech.archunit.core.domain.JavaCodeUnit unit,
              com.tngtech.archunit.lang.ConditionEvents events) {
            boolean uses =
                jgits.contains(unit.getRawReturnType().getName())
                    || unit.getRawParameterTypes().stream()
                        .anyMatch(t -> jgits.contains(t.getName()));
            if (uses) {
              events.add(
                  com.tngtech.archunit.lang.SimpleConditionEvent.violated(
                      unit, unit.getFullName()));
            }
          }
        };
    com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noCodeUnits()
        .that()
        .arePublic()
        .and()
        .areDeclaredInClassesThat()
        .resideInAPackage("dev.modelregistry.git")
        .and()
        .areDeclaredInClassesThat()
        .arePublic()
        .should(useThem)
        .check(classes);
  }
}
