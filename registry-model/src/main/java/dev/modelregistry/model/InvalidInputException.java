package dev.modelregistry.model;

/** A value given to the registry breaks a rule (a name, a version, a metadata file). */
public class InvalidInputException extends RegistryRefusedException {
  private static final long serialVersionUID = 1L;

  public InvalidInputException(String message) {
    super(message);
  }

  public InvalidInputException(String message, Throwable cause) {
    super(message, cause);
  }
}
