package dev.modelregistry.model;

/**
 * A value given to the registry breaks a rule (a name, a version, a metadata file). Where the value
 * came in as one of an operation's inputs, {@link #input()} names it, so that a front end can point
 * at its own option or property; the message itself names no front end's syntax.
 */
public class InvalidInputException extends RegistryRefusedException {
  private static final long serialVersionUID = 1L;

  private final Input input;

  public InvalidInputException(String message) {
    this(null, message);
  }

  public InvalidInputException(String message, Throwable cause) {
    super(message, cause);
    this.input = null;
  }

  /** A refusal of the value given as {@code input}. */
  public InvalidInputException(Input input, String message) {
    super(message);
    this.input = input;
  }

  /**
   * The input the refused value was given as, or null if the value came from elsewhere (a file in
   * the registry).
   */
  public Input input() {
    return input;
  }
}
