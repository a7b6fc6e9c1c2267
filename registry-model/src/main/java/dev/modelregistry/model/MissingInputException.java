package dev.modelregistry.model;

/**
 * An operation was not given an input it needs. The message says what for, in words; {@link
 * #input()} tells the front end which of its options or properties to name.
 */
public class MissingInputException extends InvalidInputException {
  private static final long serialVersionUID = 1L;

  public MissingInputException(Input input, String message) {
    super(input, message);
  }
}
