package dev.modelregistry.model;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.deser.std.StdDeserializer;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import java.io.IOException;

/**
 * Binds a count written in {@code registry.yaml} only if it is written as a whole number. Jackson
 * would otherwise turn {@code 2.5} into 2 and {@code "10"} into 10 without a word, and a trigger
 * would fire at a count nobody wrote.
 */
final class WholeNumber extends StdDeserializer<Integer> {
  private static final long serialVersionUID = 1L;

  WholeNumber() {
    super(Integer.class);
  }

  @Override
  public Integer deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
    if (p.currentToken() == JsonToken.VALUE_NUMBER_INT
        && p.getNumberType() != JsonParser.NumberType.INT) {
      throw MismatchedInputException.from(
          p, Integer.class, p.currentName() + " is " + p.getText() + ", larger than any count");
    }
    if (p.currentToken() != JsonToken.VALUE_NUMBER_INT) {
      throw MismatchedInputException.from(
          p,
          Integer.class,
          p.currentName()
              + " must be a whole number such as 10, not "
              + Display.quote(p.getText()));
    }
    return p.getIntValue();
  }
}
