package org.spatialssrl.coldstart;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;

/**
 * Typed reads of a sample's metadata object. Every failure is an {@link IllegalArgumentException}
 * that names the field, so the writer can report the row and file it came from.
 */
final class Metadata {
  private Metadata() {}

  static JsonNode field(JsonNode node, String name) {
    JsonNode v = node.get(name);
    if (v == null || v.isNull()) {
      throw new IllegalArgumentException("metadata has no '" + name + "'");
    }
    return v;
  }

  static int integer(JsonNode node, String name) {
    JsonNode v = field(node, name);
    if (!v.canConvertToInt() || !v.isIntegralNumber()) {
      throw new IllegalArgumentException("metadata '" + name + "' is not an integer: " + v);
    }
    return v.intValue();
  }

  static double number(JsonNode node, String name) {
    JsonNode v = field(node, name);
    if (!v.isNumber()) {
      throw new IllegalArgumentException("metadata '" + name + "' is not a number: " + v);
    }
    return v.doubleValue();
  }

  static String text(JsonNode node, String name) {
    JsonNode v = field(node, name);
    if (!v.isTextual()) {
      throw new IllegalArgumentException("metadata '" + name + "' is not a string: " + v);
    }
    return v.textValue();
  }

  static JsonNode array(JsonNode node, String name, int size) {
    JsonNode v = field(node, name);
    if (!v.isArray() || (size >= 0 && v.size() != size)) {
      throw new IllegalArgumentException("metadata '" + name + "' is not a list"
          + (size >= 0 ? " of " + size : "") + ": " + v);
    }
    return v;
  }

  static List<Integer> integers(JsonNode node, String name, int size) {
    List<Integer> out = new ArrayList<>();
    for (JsonNode e : array(node, name, size)) {
      if (!e.isIntegralNumber()) {
        throw new IllegalArgumentException("metadata '" + name + "' holds a non-integer: " + e);
      }
      out.add(e.intValue());
    }
    return out;
  }

  static List<String> texts(JsonNode node, String name, int size) {
    List<String> out = new ArrayList<>();
    for (JsonNode e : array(node, name, size)) {
      if (!e.isTextual()) {
        throw new IllegalArgumentException("metadata '" + name + "' holds a non-string: " + e);
      }
      out.add(e.textValue());
    }
    return out;
  }

  /** Fails unless the answer the metadata implies is the row's answer. */
  static void requireAnswer(String derived, String answer) {
    if (!derived.equals(answer)) {
      throw new IllegalArgumentException(
          "the metadata gives the answer '" + derived + "' but the row's answer is '" + answer + "'");
    }
  }

  /** Joins words as English does: {@code a}, {@code a and b}, {@code a, b and c}. */
  static String list(List<String> items) {
    if (items.size() <= 1) {
      return String.join("", items);
    }
    return String.join(", ", items.subList(0, items.size() - 1)) + " and " + items.get(items.size() - 1);
  }

  /** The text with its first letter in upper case. */
  static String capital(String s) {
    return s.isEmpty() ? s : Character.toUpperCase(s.charAt(0)) + s.substring(1);
  }
}
