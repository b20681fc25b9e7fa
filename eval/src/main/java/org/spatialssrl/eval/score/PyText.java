package org.spatialssrl.eval.score;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;
import org.spatialssrl.reward.PythonText;

/**
 * The few Python 3 {@code str} operations the released scorers use, with Python's semantics:
 * whitespace is Python's set (not Java's), {@code \d} and {@code \b} are Unicode-aware.
 */
public final class PyText {
  /** Flags that make {@code \d}, {@code \w} and {@code \b} behave as in a Python 3 str pattern. */
  public static final int UNICODE = Pattern.UNICODE_CHARACTER_CLASS;

  private PyText() {}

  /**
   * Python's {@code s.strip()}.
   *
   * @param s the text
   * @return the text without leading and trailing Python whitespace
   */
  public static String strip(String s) {
    int a = 0;
    int b = s.length();
    while (a < b && PythonText.isSpace(s.charAt(a))) {
      a++;
    }
    while (b > a && PythonText.isSpace(s.charAt(b - 1))) {
      b--;
    }
    return s.substring(a, b);
  }

  /**
   * Python's {@code s.split()}: the runs of non-whitespace.
   *
   * @param s the text
   * @return the tokens
   */
  public static List<String> split(String s) {
    List<String> out = new ArrayList<>();
    int i = 0;
    int n = s.length();
    while (i < n) {
      while (i < n && PythonText.isSpace(s.charAt(i))) {
        i++;
      }
      int j = i;
      while (j < n && !PythonText.isSpace(s.charAt(j))) {
        j++;
      }
      if (j > i) {
        out.add(s.substring(i, j));
      }
      i = j;
    }
    return out;
  }

  /**
   * Python's {@code s.lower()} (close enough: Java's root-locale lower case).
   *
   * @param s the text
   * @return the lower-case text
   */
  public static String lower(String s) {
    return s.toLowerCase(Locale.ROOT);
  }

  /**
   * Python's {@code len(s) == 1 and s.isalpha()}: one code point that is a letter.
   *
   * @param s the text
   * @return true for a single letter
   */
  public static boolean isSingleLetter(String s) {
    return !s.isEmpty() && s.codePointCount(0, s.length()) == 1 && Character.isLetter(s.codePointAt(0));
  }
}
