package org.spatialssrl.model.hf;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * JSON text exactly as Python's {@code json.dumps(obj, indent=2, sort_keys=True)} writes it, the
 * form of the files Hugging Face tools save ({@code config.json},
 * {@code model.safetensors.index.json}, PEFT's {@code adapter_config.json}): two-space indent,
 * {@code ", "}-free item separators, {@code ": "} after keys, {@code {}} and {@code []} for empty
 * containers, keys sorted, non-ASCII escaped as {@code \\uXXXX}, floats as Python's {@code repr}.
 */
public final class HfJson {
  private HfJson() {}

  /**
   * Serialises a JSON tree.
   *
   * @param node the tree
   * @return the text, without a trailing newline (PEFT writes none; transformers appends one)
   */
  public static String dumps(JsonNode node) {
    StringBuilder sb = new StringBuilder();
    write(node, sb, 0);
    return sb.toString();
  }

  private static void write(JsonNode n, StringBuilder sb, int depth) {
    if (n == null || n.isNull() || n.isMissingNode()) {
      sb.append("null");
    } else if (n.isObject()) {
      List<String> keys = new ArrayList<>();
      for (Map.Entry<String, JsonNode> e : n.properties()) {
        keys.add(e.getKey());
      }
      if (keys.isEmpty()) {
        sb.append("{}");
        return;
      }
      keys.sort(null);
      sb.append('{');
      for (int i = 0; i < keys.size(); i++) {
        sb.append(i == 0 ? "\n" : ",\n");
        indent(sb, depth + 1);
        string(keys.get(i), sb);
        sb.append(": ");
        write(n.get(keys.get(i)), sb, depth + 1);
      }
      sb.append('\n');
      indent(sb, depth);
      sb.append('}');
    } else if (n.isArray()) {
      if (n.isEmpty()) {
        sb.append("[]");
        return;
      }
      sb.append('[');
      for (int i = 0; i < n.size(); i++) {
        sb.append(i == 0 ? "\n" : ",\n");
        indent(sb, depth + 1);
        write(n.get(i), sb, depth + 1);
      }
      sb.append('\n');
      indent(sb, depth);
      sb.append(']');
    } else if (n.isTextual()) {
      string(n.asText(), sb);
    } else if (n.isBoolean()) {
      sb.append(n.asBoolean() ? "true" : "false");
    } else if (n.isIntegralNumber()) {
      sb.append(n.bigIntegerValue());
    } else if (n.isNumber()) {
      sb.append(pythonRepr(n.asDouble()));
    } else {
      throw new IllegalArgumentException("cannot serialise JSON node of type " + n.getNodeType());
    }
  }

  private static void indent(StringBuilder sb, int depth) {
    sb.append("  ".repeat(depth));
  }

  private static void string(String s, StringBuilder sb) {
    sb.append('"');
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '"' -> sb.append("\\\"");
        case '\\' -> sb.append("\\\\");
        case '\n' -> sb.append("\\n");
        case '\r' -> sb.append("\\r");
        case '\t' -> sb.append("\\t");
        case '\b' -> sb.append("\\b");
        case '\f' -> sb.append("\\f");
        default -> {
          if (c < 0x20 || c > 0x7e) {
            sb.append(String.format("\\u%04x", (int) c));
          } else {
            sb.append(c);
          }
        }
      }
    }
    sb.append('"');
  }

  /**
   * A double as Python's {@code repr}: the shortest digits that round-trip, fixed notation for
   * exponents -4 to 15 ({@code 0.0001}, {@code 2.0}), else {@code 1e-05}, {@code 1e+16}.
   *
   * @param d the value
   * @return the text
   */
  public static String pythonRepr(double d) {
    if (Double.isNaN(d)) {
      return "NaN";
    }
    if (Double.isInfinite(d)) {
      return d > 0 ? "Infinity" : "-Infinity";
    }
    if (d == 0) {
      return (1 / d < 0) ? "-0.0" : "0.0";
    }
    BigDecimal b = new BigDecimal(Double.toString(d)).stripTrailingZeros();
    String digits = b.unscaledValue().abs().toString();
    int exp = digits.length() - 1 - b.scale(); // decimal exponent of the first digit
    String sign = d < 0 ? "-" : "";
    if (exp < -4 || exp >= 16) {
      String mant = digits.length() == 1 ? digits : digits.charAt(0) + "." + digits.substring(1);
      return sign + mant + "e" + (exp < 0 ? "-" : "+") + String.format("%02d", Math.abs(exp));
    }
    String plain = b.abs().toPlainString();
    return sign + (plain.contains(".") ? plain : plain + ".0");
  }
}
