package dev.modelregistry.model;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.deser.std.StdScalarDeserializer;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.ser.std.StdScalarSerializer;
import java.io.IOException;
import java.time.DateTimeException;
import java.time.Instant;

/**
 * The one {@code java.time} type the registry's files hold, {@link Instant}, written and read as
 * ISO-8601 text ({@code 2026-12-01T09:30:00Z}, an offset accepted when read).
 *
 * <p>Why not Jackson's {@code JavaTimeModule}: registering it loads and initialises the
 * (de)serializers of every {@code java.time} type, with their formatters, in every short command
 * that reads a registry file, for a type it reads as {@link Instant#parse}. The JSON answers of the
 * front ends ({@link ResultJson}) still use it.
 */
final class InstantModule extends SimpleModule {
  private static final long serialVersionUID = 1L;

  InstantModule() {
    super("registry-instants");
    addSerializer(Instant.class, new Writer());
    addDeserializer(Instant.class, new Reader());
  }

  private static final class Writer extends StdScalarSerializer<Instant> {
    private static final long serialVersionUID = 1L;

    Writer() {
      super(Instant.class);
    }

    @Override
    public void serialize(Instant value, JsonGenerator gen, SerializerProvider provider)
        throws IOException {
      gen.writeString(value.toString());
    }
  }

  private static final class Reader extends StdScalarDeserializer<Instant> {
    private static final long serialVersionUID = 1L;

    Reader() {
      super(Instant.class);
    }

    @Override
    public Instant deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
      if (!p.hasToken(JsonToken.VALUE_STRING)) {
        return (Instant)
            ctxt.handleUnexpectedToken(
                Instant.class,
                p.currentToken(),
                p,
                "an instant is written as ISO-8601 text, such as 2026-12-01T09:30:00Z");
      }
      String text = p.getText().strip();
      try {
        return Instant.parse(text);
      } catch (DateTimeException e) {
        return (Instant)
            ctxt.handleWeirdStringValue(
                Instant.class,
                text,
                "not an ISO-8601 instant; write it as 2026-12-01T09:30:00Z (UTC) or with an offset");
      }
    }
  }
}
