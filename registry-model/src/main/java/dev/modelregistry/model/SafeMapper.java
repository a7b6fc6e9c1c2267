package dev.modelregistry.model;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.databind.exc.ValueInstantiationException;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.StringReader;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.stream.Collectors;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.events.AliasEvent;
import org.yaml.snakeyaml.events.CollectionStartEvent;
import org.yaml.snakeyaml.events.DocumentStartEvent;
import org.yaml.snakeyaml.events.Event;
import org.yaml.snakeyaml.events.NodeEvent;
import org.yaml.snakeyaml.events.ScalarEvent;

/**
 * Reads and writes the registry's YAML and JSON files, refusing hostile input before it is bound.
 *
 * <p>Why a first pass with snakeyaml's event parser: Jackson's YAML binding does not expand aliases
 * (an alias silently becomes a string), so anchors, aliases and explicit tags ({@code
 * !!javax.script...}) are refused up front, where they are cheap to find. Jackson then binds with
 * duplicate keys and unknown fields refused, and size and depth limited. Versions and names are
 * bound as strings, so YAML 1.1's {@code 1.10 == 1.1} trap cannot change them.
 */
public final class SafeMapper {
  /** The largest YAML or JSON document the registry reads: 1 MiB. */
  public static final int MAX_DOCUMENT_BYTES = 1 << 20;

  private static final int MAX_DEPTH = 50;

  /**
   * The YAML mapper, made on first use: a command that reads only what {@link RecordYaml} reads (a
   * rollback) never starts Jackson's databind.
   */
  private static final class LazyYaml {
    static final YAMLMapper MAPPER = yamlMapper();
  }

  /** The JSON mapper, made on first use: a command that reads only YAML does not pay for it. */
  private static final class Json {
    static final ObjectMapper MAPPER = jsonMapper();
  }

  private SafeMapper() {}

  /** Reads a file as YAML or JSON (JSON when its name ends in {@code .json}). */
  public static <T> T read(Path file, Class<T> type) {
    String source = file.toString();
    if (Files.isSymbolicLink(file)) {
      throw new InvalidInputException(
          source + " is a symbolic link; give the path of the file itself.");
    }
    if (!Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS)) {
      throw new InvalidInputException(source + " does not exist or is not a regular file.");
    }
    byte[] bytes;
    try (InputStream in = Files.newInputStream(file)) {
      bytes = in.readNBytes(MAX_DOCUMENT_BYTES + 1);
    } catch (IOException e) {
      throw new RegistryUnavailableException("Cannot read " + source + ": " + e.getMessage(), e);
    }
    boolean json =
        file.getFileName().toString().toLowerCase(java.util.Locale.ROOT).endsWith(".json");
    return read(bytes, type, source, json);
  }

  /** Reads UTF-8 bytes as YAML ({@code json == false}) or JSON. */
  public static <T> T read(byte[] bytes, Class<T> type, String source, boolean json) {
    if (bytes.length > MAX_DOCUMENT_BYTES) {
      throw new InvalidInputException(
          source
              + " is larger than "
              + (MAX_DOCUMENT_BYTES >> 10)
              + " KiB, the most a registry document may"
              + " hold. Keep large data in the artifact; metadata holds metrics, parameters and ids.");
    }
    String text = decodeUtf8(bytes, source);
    if (text.isBlank()) {
      throw new InvalidInputException(source + " is empty; it must hold a YAML or JSON mapping.");
    }
    if (!json) {
      refuseUnsafeYaml(text, source);
      if (RecordYaml.reads(type)) {
        return RecordYaml.read(text, type, source, loaderOptions());
      }
    }
    return bind(text, type, source, json);
  }

  /**
   * Reads YAML text as {@link #read(byte[], Class, String, boolean)} does, but with Jackson
   * whatever the type: for the tests that compare Jackson's reading with {@link RecordYaml}'s.
   */
  static <T> T readWithJackson(String text, Class<T> type, String source) {
    refuseUnsafeYaml(text, source);
    return bind(text, type, source, false);
  }

  private static <T> T bind(String text, Class<T> type, String source, boolean json) {
    try {
      T value = (json ? Json.MAPPER : LazyYaml.MAPPER).readValue(text, type);
      if (value == null) {
        throw new InvalidInputException(source + " holds no mapping.");
      }
      return value;
    } catch (ValueInstantiationException e) {
      if (e.getCause() instanceof RegistryException re) {
        throw new InvalidInputException(source + ": " + re.getMessage(), re);
      }
      throw invalid(source, e);
    } catch (JsonProcessingException e) {
      throw invalid(source, e);
    }
  }

  /**
   * Reads UTF-8 JSON of up to {@code maxBytes} (larger than {@link #MAX_DOCUMENT_BYTES}: a backup's
   * manifest lists every file it holds), with every other rule of {@link #read(byte[], Class,
   * String, boolean)}.
   */
  public static <T> T readJson(byte[] bytes, Class<T> type, String source, int maxBytes) {
    if (bytes.length > maxBytes) {
      throw new InvalidInputException(
          source + " is larger than " + (maxBytes >> 20) + " MiB, the most it may hold.");
    }
    String text = decodeUtf8(bytes, source);
    if (text.isBlank()) {
      throw new InvalidInputException(source + " is empty; it must hold a JSON object.");
    }
    try {
      T value = Json.MAPPER.readValue(text, type);
      if (value == null) {
        throw new InvalidInputException(source + " holds no JSON object.");
      }
      return value;
    } catch (ValueInstantiationException e) {
      if (e.getCause() instanceof RegistryException re) {
        throw new InvalidInputException(source + ": " + re.getMessage(), re);
      }
      throw invalid(source, e);
    } catch (JsonProcessingException e) {
      throw invalid(source, e);
    }
  }

  /** Reads YAML text. */
  public static <T> T readYaml(String text, Class<T> type, String source) {
    return read(text.getBytes(StandardCharsets.UTF_8), type, source, false);
  }

  /** Writes {@code value} as YAML: strings quoted, map keys sorted, no document marker. */
  public static String writeYaml(Object value) {
    try {
      return LazyYaml.MAPPER.writeValueAsString(value);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(
          "cannot write YAML for " + value.getClass().getSimpleName(), e);
    }
  }

  /** Writes {@code value} as pretty JSON (for manifests). */
  public static String writeJson(Object value) {
    try {
      return Json.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(value) + "\n";
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(
          "cannot write JSON for " + value.getClass().getSimpleName(), e);
    }
  }

  /**
   * Writes {@code value} as compact JSON with sorted keys: the same value always gives the same
   * text.
   */
  public static String canonicalJson(Object value) throws JsonProcessingException {
    return Json.MAPPER.writeValueAsString(value);
  }

  private static String decodeUtf8(byte[] bytes, String source) {
    try {
      return StandardCharsets.UTF_8
          .newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(bytes))
          .toString();
    } catch (CharacterCodingException e) {
      throw new InvalidInputException(source + " is not UTF-8 text.", e);
    }
  }

  /** Refuses anchors, aliases, explicit tags and multiple documents, by scanning parser events. */
  private static void refuseUnsafeYaml(String text, String source) {
    Yaml scanner = new Yaml(new SafeConstructor(loaderOptions()));
    int documents = 0;
    try {
      for (Event event : scanner.parse(new StringReader(text))) {
        int line = event.getStartMark() == null ? 0 : event.getStartMark().getLine() + 1;
        if (event instanceof AliasEvent) {
          throw unsafe(source, line, "an alias (*name)");
        }
        if (event instanceof NodeEvent node && node.getAnchor() != null) {
          throw unsafe(source, line, "an anchor (&" + node.getAnchor() + ")");
        }
        String tag =
            event instanceof ScalarEvent s
                ? s.getTag()
                : event instanceof CollectionStartEvent c ? c.getTag() : null;
        if (tag != null) {
          throw unsafe(source, line, "an explicit tag (" + Display.quote(tag) + ")");
        }
        if (event instanceof DocumentStartEvent && ++documents > 1) {
          throw new InvalidInputException(source + " holds more than one YAML document; keep one.");
        }
      }
    } catch (YAMLException e) {
      throw new InvalidInputException(
          source + " is not valid YAML: " + firstLine(e.getMessage()), e);
    }
  }

  private static InvalidInputException unsafe(String source, int line, String what) {
    return new InvalidInputException(
        source
            + " line "
            + line
            + " uses "
            + what
            + ". Registry files may not use anchors, aliases"
            + " or tags: write the values out in plain YAML.");
  }

  private static InvalidInputException invalid(String source, JsonProcessingException e) {
    StringBuilder m = new StringBuilder(source);
    JsonLocation at = e.getLocation();
    if (at != null && at.getLineNr() > 0) {
      m.append(" line ").append(at.getLineNr());
    }
    m.append(": ");
    if (e instanceof UnrecognizedPropertyException u) {
      m.append("unknown field ")
          .append(Display.quote(u.getPropertyName()))
          .append("; the fields are ")
          .append(
              u.getKnownPropertyIds().stream()
                  .map(String::valueOf)
                  .sorted()
                  .collect(Collectors.joining(", ")));
    } else {
      m.append(firstLine(e.getOriginalMessage()));
    }
    m.append(". Fix the file and try again.");
    return new InvalidInputException(m.toString(), e);
  }

  private static String firstLine(String s) {
    if (s == null) {
      return "(no detail)";
    }
    int nl = s.indexOf('\n');
    return nl < 0 ? s : s.substring(0, nl);
  }

  private static LoaderOptions loaderOptions() {
    LoaderOptions o = new LoaderOptions();
    o.setAllowDuplicateKeys(false);
    o.setMaxAliasesForCollections(0);
    o.setNestingDepthLimit(MAX_DEPTH);
    o.setCodePointLimit(MAX_DOCUMENT_BYTES);
    o.setAllowRecursiveKeys(false);
    return o;
  }

  private static StreamReadConstraints constraints() {
    return StreamReadConstraints.builder()
        .maxNestingDepth(MAX_DEPTH)
        .maxStringLength(MAX_DOCUMENT_BYTES)
        .maxNumberLength(100)
        .build();
  }

  private static YAMLMapper yamlMapper() {
    YAMLFactory factory =
        YAMLFactory.builder()
            .loaderOptions(loaderOptions())
            .streamReadConstraints(constraints())
            .disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER)
            .disable(YAMLGenerator.Feature.SPLIT_LINES)
            .build();
    return YAMLMapper.builder(factory)
        .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
        .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
        .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
        .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
        .enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS)
        .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
        .addModule(new InstantModule())
        .build();
  }

  private static ObjectMapper jsonMapper() {
    return JsonMapper.builder(
            com.fasterxml.jackson.core.JsonFactory.builder()
                .streamReadConstraints(constraints())
                .build())
        .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
        .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
        .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
        .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
        .enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS)
        .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
        .addModule(new InstantModule())
        .build();
  }
}
