package org.spatialssrl.eval.score;

import java.util.OptionalDouble;
import java.util.regex.Pattern;
import org.spatialssrl.reward.PythonText;

/**
 * Python's {@code float(str)}: surrounding whitespace, a sign, digits with single underscores
 * between them, an optional fraction and exponent, {@code inf}/{@code infinity}/{@code nan} in any
 * case, and any Unicode decimal digit. Anything else ({@code "3 m"}, {@code "1,200"}, {@code "~3"})
 * is not a float.
 */
public final class PyFloat {
  private static final String DIGITS = "[0-9](?:_?[0-9])*";
  private static final Pattern NUMBER = Pattern.compile(
      "[+-]?(?:(?:" + DIGITS + ")?\\." + DIGITS + "|" + DIGITS + "\\.?)(?:[eE][+-]?" + DIGITS + ")?");
  private static final Pattern SPECIAL = Pattern.compile("([+-]?)(inf|infinity|nan)", Pattern.CASE_INSENSITIVE);

  private PyFloat() {}

  /**
   * Parses as Python does.
   *
   * @param s the text
   * @return the value, or empty where Python raises {@code ValueError}
   */
  public static OptionalDouble parse(String s) {
    StringBuilder ascii = new StringBuilder(s.length());
    for (int i = 0; i < s.length(); ) {
      int cp = s.codePointAt(i);
      i += Character.charCount(cp);
      if (cp < 128) {
        ascii.append((char) cp);
      } else if (Character.getType(cp) == Character.DECIMAL_DIGIT_NUMBER) {
        ascii.append((char) ('0' + Character.digit(cp, 10)));
      } else if (cp < 0x10000 && PythonText.isSpace((char) cp)) {
        ascii.append(' ');
      } else {
        return OptionalDouble.empty();
      }
    }
    String t = PyText.strip(ascii.toString());
    var special = SPECIAL.matcher(t);
    if (special.matches()) {
      boolean negative = special.group(1).equals("-");
      if (special.group(2).equalsIgnoreCase("nan")) {
        return OptionalDouble.of(Double.NaN);
      }
      return OptionalDouble.of(negative ? Double.NEGATIVE_INFINITY : Double.POSITIVE_INFINITY);
    }
    if (!NUMBER.matcher(t).matches()) {
      return OptionalDouble.empty();
    }
    return OptionalDouble.of(Double.parseDouble(t.replace("_", "")));
  }
}
