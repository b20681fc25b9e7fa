package org.spatialssrl.model;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One chat message: a role and either plain text or a list of content parts (text and images),
 * as in OpenAI-style requests.
 *
 * @param role {@code system}, {@code user}, {@code assistant} or another role the template knows
 * @param text the content when it is plain text, else null
 * @param parts the content parts when the content is a list, else null
 */
public record ChatMessage(String role, String text, List<Part> parts) {

  /**
   * One content part.
   *
   * @param type {@code text} or {@code image}
   * @param text the text of a text part
   * @param image the image reference (path or URL) of an image part
   */
  public record Part(String type, String text, String image) {}

  /** Validates and copies. */
  public ChatMessage {
    if (role == null || role.isBlank()) {
      throw new IllegalArgumentException("a message needs a role");
    }
    if ((text == null) == (parts == null)) {
      throw new IllegalArgumentException("a message has either text or parts");
    }
    parts = parts == null ? null : List.copyOf(parts);
  }

  /**
   * A plain-text message.
   *
   * @param role the role
   * @param text the text
   * @return the message
   */
  public static ChatMessage of(String role, String text) {
    return new ChatMessage(role, text, null);
  }

  /**
   * Whether any part is an image.
   *
   * @return true when the message has an image part
   */
  public boolean hasImages() {
    return parts != null && parts.stream().anyMatch(p -> p.type().equals("image"));
  }

  /**
   * The message as a chat template sees it: {@code content} a string or a list of part maps.
   *
   * @return a map with {@code role} and {@code content}
   */
  public Map<String, Object> toTemplateMap() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("role", role);
    if (text != null) {
      m.put("content", text);
    } else {
      List<Map<String, Object>> list = new ArrayList<>();
      for (Part p : parts) {
        Map<String, Object> pm = new LinkedHashMap<>();
        pm.put("type", p.type());
        if (p.type().equals("image")) {
          pm.put("image", p.image());
        } else {
          pm.put("text", p.text());
        }
        list.add(pm);
      }
      m.put("content", list);
    }
    return m;
  }

  /**
   * Parses OpenAI-style messages: {@code content} a string or an array of parts of type
   * {@code text}, {@code image_url} ({@code {"url": ...}} or a string) or {@code image}.
   *
   * @param messages the JSON array
   * @return the messages
   * @throws IllegalArgumentException with a reason when the JSON is not a valid message list
   */
  public static List<ChatMessage> listFromJson(JsonNode messages) {
    if (messages == null || !messages.isArray() || messages.isEmpty()) {
      throw new IllegalArgumentException("'messages' must be a non-empty array");
    }
    List<ChatMessage> out = new ArrayList<>();
    for (int i = 0; i < messages.size(); i++) {
      JsonNode m = messages.get(i);
      String where = "messages[" + i + "]";
      if (!m.isObject() || !m.path("role").isTextual()) {
        throw new IllegalArgumentException(where + " must be an object with a string 'role'");
      }
      JsonNode content = m.path("content");
      if (content.isTextual()) {
        out.add(of(m.get("role").asText(), content.asText()));
      } else if (content.isArray()) {
        List<Part> parts = new ArrayList<>();
        for (int j = 0; j < content.size(); j++) {
          JsonNode p = content.get(j);
          String type = p.path("type").asText("");
          switch (type) {
            case "text" -> {
              if (!p.path("text").isTextual()) {
                throw new IllegalArgumentException(where + ".content[" + j + "] lacks 'text'");
              }
              parts.add(new Part("text", p.get("text").asText(), null));
            }
            case "image_url", "image" -> {
              JsonNode ref = type.equals("image") ? p.path("image") : p.path("image_url");
              String url = ref.isTextual() ? ref.asText() : ref.path("url").asText(null);
              if (url == null) {
                throw new IllegalArgumentException(
                    where + ".content[" + j + "] lacks an image reference");
              }
              parts.add(new Part("image", null, url));
            }
            default -> throw new IllegalArgumentException(
                where + ".content[" + j + "] has unsupported type '" + type
                    + "' (supported: text, image_url, image)");
          }
        }
        out.add(new ChatMessage(m.get("role").asText(), null, parts));
      } else {
        throw new IllegalArgumentException(where + ".content must be a string or an array of parts");
      }
    }
    return out;
  }
}
