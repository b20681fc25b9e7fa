package org.spatialssrl.train.sft;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;
import org.spatialssrl.task.Prompts;

/**
 * Reads the cold-start JSONL that {@code ssrl sft-data} writes ({@code DIR/train.jsonl},
 * {@code DIR/val.jsonl}): per line {@code id}, {@code task}, {@code answer}, {@code messages}
 * (an optional system message, one user message whose content marks each image with
 * {@code <image>}, one assistant message) and {@code images} (paths relative to the JSONL's
 * folder, or absolute). Every line is checked before training starts: a line without an answer,
 * with a placeholder count that differs from its images, or naming a missing image makes the whole
 * file refused, listing the problems.
 */
public final class SftDataset {
  private static final ObjectMapper JSON = new ObjectMapper();

  private SftDataset() {}

  /**
   * Reads and checks a file.
   *
   * @param file the JSONL file
   * @return its examples, in file order
   * @throws IOException when the file cannot be read
   * @throws SftDataException listing the problems when any line is unusable or there is none
   */
  public static List<SftExample> read(Path file) throws IOException {
    if (!Files.isRegularFile(file)) {
      throw new SftDataException("no cold-start data file " + file, List.of());
    }
    Path root = file.toAbsolutePath().getParent();
    List<SftExample> out = new ArrayList<>();
    List<String> problems = new ArrayList<>();
    try (BufferedReader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      int lineNo = 0;
      for (String line; (line = r.readLine()) != null; ) {
        lineNo++;
        if (line.isBlank()) {
          continue;
        }
        String where = file.getFileName() + ":" + lineNo;
        try {
          out.add(parse(JSON.readTree(line), root, where));
        } catch (IllegalArgumentException e) {
          problems.add(where + ": " + e.getMessage());
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
          problems.add(where + ": not valid JSON (" + e.getOriginalMessage() + ")");
        }
      }
    }
    if (!problems.isEmpty()) {
      throw new SftDataException(file + " has " + problems.size() + " unusable line(s)", problems);
    }
    if (out.isEmpty()) {
      throw new SftDataException(file + " holds no examples", List.of());
    }
    return out;
  }

  private static SftExample parse(JsonNode o, Path root, String where) {
    if (!o.isObject()) {
      throw new IllegalArgumentException("a line must be a JSON object");
    }
    String id = o.path("id").asText(where);
    JsonNode answer = o.path("answer");
    if (!answer.isTextual() || answer.asText().isBlank()) {
      throw new IllegalArgumentException("no 'answer' (the ground truth the reply must box);"
          + " data without answers cannot be validated or rewarded");
    }
    JsonNode messages = o.path("messages");
    if (!messages.isArray() || messages.size() < 2) {
      throw new IllegalArgumentException("'messages' must hold a user and an assistant message");
    }
    String system = null;
    int i = 0;
    if (messages.get(0).path("role").asText().equals("system")) {
      system = text(messages.get(0), "system");
      i = 1;
    }
    if (messages.size() != i + 2 || !messages.get(i).path("role").asText().equals("user")
        || !messages.get(i + 1).path("role").asText().equals("assistant")) {
      throw new IllegalArgumentException("'messages' must be [system,] user, assistant (one turn)");
    }
    String user = text(messages.get(i), "user");
    String assistant = text(messages.get(i + 1), "assistant");
    if (assistant.isEmpty()) {
      throw new IllegalArgumentException("the assistant message is empty");
    }
    List<Path> images = new ArrayList<>();
    for (JsonNode im : o.path("images")) {
      Path p = root.resolve(im.asText());
      if (!Files.isRegularFile(p)) {
        throw new IllegalArgumentException("image " + im.asText() + " does not exist (looked for " + p + ")");
      }
      checkReadable(p, im.asText());
      images.add(p);
    }
    int placeholders = Prompts.countImagePlaceholders(user);
    if (placeholders != images.size()) {
      throw new IllegalArgumentException("the user message has " + placeholders
          + " <image> placeholder(s) but the line lists " + images.size() + " image(s)");
    }
    return new SftExample(id, o.path("task").asText(""), answer.asText(), system, user, assistant,
        images, where);
  }

  /** Reads the image's header only: a file no decoder accepts is refused before training. */
  private static void checkReadable(Path p, String name) {
    try (ImageInputStream in = ImageIO.createImageInputStream(p.toFile())) {
      Iterator<ImageReader> readers = in == null ? null : ImageIO.getImageReaders(in);
      if (readers == null || !readers.hasNext()) {
        throw new IllegalArgumentException("image " + name + " is not in a readable image format");
      }
      ImageReader reader = readers.next();
      try {
        reader.setInput(in);
        if (reader.getWidth(0) < 1 || reader.getHeight(0) < 1) {
          throw new IllegalArgumentException("image " + name + " has no pixels");
        }
      } finally {
        reader.dispose();
      }
    } catch (IOException e) {
      throw new IllegalArgumentException("image " + name + " cannot be read: " + e.getMessage());
    }
  }

  private static String text(JsonNode message, String role) {
    JsonNode c = message.path("content");
    if (!c.isTextual()) {
      throw new IllegalArgumentException("the " + role + " message's content must be a string");
    }
    return c.asText();
  }
}
