package dev.modelregistry.model;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.annotation.JsonDeserialize;
import java.io.StringReader;
import java.lang.reflect.Constructor;
import java.lang.reflect.Field;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.time.DateTimeException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;
import org.yaml.snakeyaml.nodes.Tag;

/**
 * Reads the documents a rollback reads (the policy, a production record, an artifact pointer) from
 * snakeyaml's node tree into their records' canonical constructors, by the records' {@code
 * JsonProperty} names, without Jackson's databind.
 *
 * <p>Why: a short command that reads only these then never starts databind. Its {@code
 * ObjectMapper} initialiser and its introspection of these records were a fifth of a rollback's CPU
 * (docs/BENCHMARKS.md 7e). Jackson stays the reader of every other type and the writer of all. The
 * rules are those {@link SafeMapper} gives Jackson: unknown and duplicate fields refused, a missing
 * {@code required} field refused, {@code null} for a primitive refused, an empty value read as
 * Jackson reads it. Where Jackson coerces without a word and loses or guesses what was written
 * ({@code 2.5} bound to a count as 2, {@code 1} to a flag as true), this reader refuses and says
 * what to write. {@code RecordYamlTest} reads a corpus of good and hostile documents with both and
 * compares.
 *
 * <p>It supports records made of {@code String}, whole and decimal numbers, flags, {@link Instant},
 * lists, maps with text keys, records, and types with a static {@code @JsonCreator} factory of one
 * {@code String}; {@link #reads} says which types it takes.
 */
final class RecordYaml {
  /** The types read here; every other type is read by Jackson. */
  private static final Set<Class<?>> TYPES =
      Set.of(Policy.class, EnvironmentRecord.class, ArtifactPointer.class);

  private static final Pattern WHOLE = Pattern.compile("[-+]?[0-9]+");
  private static final Pattern DECIMAL =
      Pattern.compile("[-+]?([0-9]+(\\.[0-9]*)?|\\.[0-9]+)([eE][-+]?[0-9]+)?");

  private static final Set<String> YAML11_TRUE =
      Set.of("yes", "Yes", "YES", "true", "True", "TRUE", "on", "On", "ON");

  private static final Set<Class<?>> SCALARS =
      Set.of(
          Integer.class,
          int.class,
          Long.class,
          long.class,
          Double.class,
          double.class,
          Boolean.class,
          boolean.class);

  private static final Map<Class<?>, RecordPlan> PLANS = new ConcurrentHashMap<>();

  private RecordYaml() {}

  /** True if {@code type} is read here rather than by Jackson. */
  static boolean reads(Class<?> type) {
    return TYPES.contains(type);
  }

  /**
   * Reads {@code text}, already found free of anchors, aliases, tags and second documents, as
   * {@code type}.
   */
  static <T> T read(String text, Class<T> type, String source, LoaderOptions options) {
    Node root;
    try {
      root = new Yaml(new SafeConstructor(options)).compose(new StringReader(text));
    } catch (YAMLException e) { // the scan before would have refused it first; kept for safety
      throw new InvalidInputException(source + " is not valid YAML: " + e.getMessage(), e);
    }
    if (root == null || isNull(root)) {
      throw new InvalidInputException(source + " holds no mapping.");
    }
    return type.cast(new Binding(source).value(root, type, false, null));
  }

  /** One document's binding: where errors are reported. */
  private record Binding(String source) {
    /**
     * {@code countOnly}: the field is a count ({@link WholeNumber}); {@code name}: the key the
     * value is written under, for the messages (null at the top).
     */
    Object value(Node node, Type type, boolean countOnly, String name) {
      if (isNull(node)) {
        return null;
      }
      Class<?> raw = raw(type);
      Method creator = creator(raw);
      if (creator != null) {
        return create(creator, text(node, raw));
      }
      if (raw == String.class) {
        return text(node, raw);
      }
      if (isEmpty(node) && SCALARS.contains(raw)) {
        // as Jackson reads an empty value: no number or flag given
        if (raw.isPrimitive()) {
          throw refused(node, named(name) + "needs a value here");
        }
        return null;
      }
      if (raw == Integer.class || raw == int.class) {
        return (int) whole(node, countOnly, name, Integer.MIN_VALUE, Integer.MAX_VALUE);
      }
      if (raw == Long.class || raw == long.class) {
        return whole(node, countOnly, name, Long.MIN_VALUE, Long.MAX_VALUE);
      }
      if (raw == Double.class || raw == double.class) {
        return decimal(node, name);
      }
      if (raw == Boolean.class || raw == boolean.class) {
        return flag(node, name);
      }
      if (raw == Instant.class) {
        return instant(node, name);
      }
      if (raw == List.class) {
        return list(node, argument(type, 0), name);
      }
      if (raw == Map.class) {
        return map(node, argument(type, 1));
      }
      if (raw.isRecord()) {
        return record(node, PLANS.computeIfAbsent(raw, RecordPlan::of));
      }
      throw new IllegalStateException("RecordYaml cannot read " + raw.getName());
    }

    private Object record(Node node, RecordPlan plan) {
      if (!(node instanceof MappingNode mapping)) {
        throw refused(node, "expected a mapping of " + plan.fieldList() + ", found " + shape(node));
      }
      Object[] args = new Object[plan.components.length];
      boolean[] given = new boolean[args.length];
      for (NodeTuple t : mapping.getValue()) {
        String key = key(t.getKeyNode());
        Integer at = plan.index.get(key);
        if (at == null) {
          throw refused(
              t.getKeyNode(),
              "unknown field " + Display.quote(key) + "; the fields are " + plan.fieldList());
        }
        if (given[at]) {
          throw refused(t.getKeyNode(), "duplicate field " + Display.quote(key));
        }
        given[at] = true;
        Node v = t.getValueNode();
        if (isNull(v) && plan.types[at].isPrimitive()) {
          throw refused(v, "field " + Display.quote(key) + " needs a value, not null");
        }
        args[at] = value(v, plan.components[at].getGenericType(), plan.countOnly[at], key);
      }
      for (int i = 0; i < args.length; i++) {
        if (!given[i] && (plan.required[i] || plan.types[i].isPrimitive())) {
          throw refused(node, "missing required field " + Display.quote(plan.names[i]));
        }
      }
      try {
        return plan.constructor.newInstance(args);
      } catch (InvocationTargetException e) {
        throw fromConstructor(e.getCause());
      } catch (ReflectiveOperationException e) {
        throw new IllegalStateException("cannot construct " + plan.constructor, e);
      }
    }

    private List<Object> list(Node node, Type element, String name) {
      if (!(node instanceof SequenceNode seq)) {
        throw refused(node, "expected a list, found " + shape(node));
      }
      List<Object> out = new ArrayList<>(seq.getValue().size());
      for (Node n : seq.getValue()) {
        out.add(value(n, element, false, name));
      }
      return out;
    }

    private Map<String, Object> map(Node node, Type valueType) {
      if (!(node instanceof MappingNode mapping)) {
        throw refused(node, "expected a mapping, found " + shape(node));
      }
      Map<String, Object> out = new LinkedHashMap<>();
      for (NodeTuple t : mapping.getValue()) {
        String key = key(t.getKeyNode());
        if (out.containsKey(key)) {
          throw refused(t.getKeyNode(), "duplicate field " + Display.quote(key));
        }
        out.put(key, value(t.getValueNode(), valueType, false, key));
      }
      return out;
    }

    private String key(Node node) {
      if (!(node instanceof ScalarNode s)) {
        throw refused(node, "a key must be text, not " + shape(node));
      }
      return s.getValue();
    }

    private String text(Node node, Class<?> target) {
      if (!(node instanceof ScalarNode s)) {
        throw refused(
            node, "expected text for " + target.getSimpleName() + ", found " + shape(node));
      }
      return s.getValue();
    }

    /** {@code countOnly}: WholeNumber's rule, a count written as a plain number, not quoted. */
    private long whole(Node node, boolean countOnly, String name, long min, long max) {
      String text = text(node, Long.class);
      boolean plain = ((ScalarNode) node).getTag().equals(Tag.INT);
      if (countOnly && !plain) {
        throw refused(
            node, named(name) + "must be a whole number such as 10, not " + Display.quote(text));
      }
      String digits = text.strip();
      if (!WHOLE.matcher(digits).matches()) {
        throw refused(
            node, named(name) + "must be a whole number such as 10, not " + Display.quote(text));
      }
      try {
        long v = Long.parseLong(digits);
        if (v < min || v > max) {
          throw new NumberFormatException();
        }
        return v;
      } catch (NumberFormatException e) {
        throw refused(node, named(name) + "is " + text + ", larger than any count");
      }
    }

    private double decimal(Node node, String name) {
      String text = text(node, Double.class).strip();
      if (!DECIMAL.matcher(text).matches()) {
        throw refused(
            node, named(name) + "must be a number such as 0.5, not " + Display.quote(text));
      }
      return Double.parseDouble(text);
    }

    /**
     * A flag: {@code true} or {@code false}, quoted or not, or one of YAML 1.1's plain spellings
     * ({@code yes}, {@code off}...), which Jackson takes too.
     */
    private boolean flag(Node node, String name) {
      String text = text(node, Boolean.class).strip();
      if (((ScalarNode) node).getTag().equals(Tag.BOOL)) {
        return YAML11_TRUE.contains(text);
      }
      if (text.equalsIgnoreCase("true")) {
        return true;
      }
      if (text.equalsIgnoreCase("false")) {
        return false;
      }
      throw refused(node, named(name) + "must be true or false, not " + Display.quote(text));
    }

    private Instant instant(Node node, String name) {
      Tag tag = node instanceof ScalarNode s ? s.getTag() : null;
      if (tag == null || tag.equals(Tag.INT) || tag.equals(Tag.FLOAT) || tag.equals(Tag.BOOL)) {
        throw refused(
            node,
            named(name) + "is an instant, written as ISO-8601 text such as 2026-12-01T09:30:00Z");
      }
      String text = ((ScalarNode) node).getValue().strip();
      try {
        return Instant.parse(text);
      } catch (DateTimeException e) {
        throw refused(
            node,
            named(name)
                + Display.quote(text)
                + " is not an ISO-8601 instant; write it as 2026-12-01T09:30:00Z (UTC) or with an"
                + " offset");
      }
    }

    private Object create(Method creator, String text) {
      try {
        return creator.invoke(null, text);
      } catch (InvocationTargetException e) {
        throw fromConstructor(e.getCause());
      } catch (IllegalAccessException e) {
        throw new IllegalStateException("cannot call " + creator, e);
      }
    }

    /** A refusal by a record's own checks reads as Jackson's path words it. */
    private RuntimeException fromConstructor(Throwable cause) {
      if (cause instanceof RegistryException re) {
        return new InvalidInputException(source + ": " + re.getMessage(), re);
      }
      if (cause instanceof RuntimeException re) {
        return new InvalidInputException(
            source + ": " + re.getMessage() + ". Fix the file and try again.", re);
      }
      return new IllegalStateException(cause);
    }

    private static String named(String name) {
      return name == null ? "" : name + " ";
    }

    private InvalidInputException refused(Node node, String what) {
      int line = node.getStartMark() == null ? 0 : node.getStartMark().getLine() + 1;
      return new InvalidInputException(
          source
              + (line > 0 ? " line " + line : "")
              + ": "
              + what
              + ". Fix the file and try again.");
    }
  }

  /** How one record type is built: its components, their YAML names, its canonical constructor. */
  private static final class RecordPlan {
    final RecordComponent[] components;
    final boolean[] countOnly; // bound by WholeNumber when Jackson reads it
    final Class<?>[] types;
    final String[] names;
    final boolean[] required;
    final Map<String, Integer> index = new LinkedHashMap<>();
    final Constructor<?> constructor;

    private RecordPlan(Class<?> type) throws NoSuchMethodException, NoSuchFieldException {
      components = type.getRecordComponents();
      countOnly = new boolean[components.length];
      types = new Class<?>[components.length];
      names = new String[components.length];
      required = new boolean[components.length];
      for (int i = 0; i < components.length; i++) {
        // JsonProperty does not target record components: javac puts it on the field
        Field field = type.getDeclaredField(components[i].getName());
        JsonProperty p = field.getAnnotation(JsonProperty.class);
        JsonDeserialize custom = field.getAnnotation(JsonDeserialize.class);
        countOnly[i] = custom != null && custom.using() == WholeNumber.class;
        names[i] = p == null || p.value().isEmpty() ? components[i].getName() : p.value();
        required[i] = p != null && p.required();
        types[i] = components[i].getType();
        index.put(names[i], i);
      }
      constructor = type.getDeclaredConstructor(types);
    }

    static RecordPlan of(Class<?> type) {
      try {
        return new RecordPlan(type);
      } catch (NoSuchMethodException | NoSuchFieldException e) {
        throw new IllegalStateException("cannot plan the reading of " + type.getName(), e);
      }
    }

    String fieldList() {
      return String.join(", ", new TreeSet<>(index.keySet()));
    }
  }

  private static final Map<Class<?>, Method> CREATORS = new ConcurrentHashMap<>();
  private static final Method NONE;

  static {
    try {
      NONE = Object.class.getMethod("toString");
    } catch (NoSuchMethodException e) {
      throw new ExceptionInInitializerError(e);
    }
  }

  /** The static {@code @JsonCreator} factory of one {@code String}, or null. */
  private static Method creator(Class<?> type) {
    if (type.isPrimitive() || type.getName().startsWith("java.")) {
      return null;
    }
    Method m =
        CREATORS.computeIfAbsent(
            type,
            t -> {
              for (Method candidate : t.getDeclaredMethods()) {
                if (Modifier.isStatic(candidate.getModifiers())
                    && candidate.getParameterCount() == 1
                    && candidate.getParameterTypes()[0] == String.class
                    && candidate.isAnnotationPresent(JsonCreator.class)) {
                  return candidate;
                }
              }
              return NONE;
            });
    return m == NONE ? null : m;
  }

  /**
   * {@code null}, {@code ~} or {@code Null}; not an empty value ({@code reason:}), which Jackson
   * reads as empty text, and so does this reader.
   */
  private static boolean isNull(Node node) {
    return node instanceof ScalarNode s && s.getTag().equals(Tag.NULL) && !s.getValue().isEmpty();
  }

  /** An empty plain value: {@code keep_last:}. */
  private static boolean isEmpty(Node node) {
    return node instanceof ScalarNode s && s.getTag().equals(Tag.NULL) && s.getValue().isEmpty();
  }

  private static Class<?> raw(Type type) {
    return type instanceof ParameterizedType p ? (Class<?>) p.getRawType() : (Class<?>) type;
  }

  private static Type argument(Type type, int i) {
    if (!(type instanceof ParameterizedType p)) {
      throw new IllegalStateException("RecordYaml needs the element type of " + type);
    }
    return p.getActualTypeArguments()[i];
  }

  private static String shape(Node node) {
    if (node instanceof MappingNode) {
      return "a mapping";
    }
    if (node instanceof SequenceNode) {
      return "a list";
    }
    return "text " + Display.quote(((ScalarNode) node).getValue());
  }
}
