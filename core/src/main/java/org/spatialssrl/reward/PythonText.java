package org.spatialssrl.reward;

/**
 * Python 3 {@code str} text rules that the released reward relies on, written out by hand.
 *
 * <p>Whitespace is the set that Python's {@code str.isspace()}, {@code str.strip()} and the
 * {@code \s} class of a {@code str} regular expression share (29 code points, all in the BMP
 * and none a surrogate). It differs from both {@link Character#isWhitespace(char)} (which lacks
 * U+0085, U+00A0, U+2007, U+202F) and Java regex {@code \s} (ASCII only by default), which is
 * why neither is used here. Because no whitespace, delimiter or marker character is a surrogate,
 * scanning UTF-16 units gives the same answers as scanning code points, lone surrogates
 * included.
 */
public final class PythonText {

  private PythonText() {}

  /**
   * Whether a character is whitespace for Python 3 {@code str}.
   *
   * @param c the character
   * @return true for one of the 29 whitespace code points
   */
  public static boolean isSpace(char c) {
    if (c <= ' ') {
      return c == ' ' || (c >= '\t' && c <= '\r') || (c >= '\u001C' && c <= '\u001F');
    }
    if (c < '\u0085') {
      return false;
    }
    return c == '\u0085'
        || c == '\u00A0'
        || c == '\u1680'
        || (c >= '\u2000' && c <= '\u200A')
        || c == '\u2028'
        || c == '\u2029'
        || c == '\u202F'
        || c == '\u205F'
        || c == '\u3000';
  }

  /** Returns whether {@code c} is one of the characters whose surrounding whitespace goes. */
  static boolean isDelimiter(char c) {
    return c == '<' || c == '>' || c == '/';
  }

  /** Returns the first index at or after {@code i} that is not whitespace (or {@code end}). */
  static int skipSpace(CharSequence s, int i, int end) {
    while (i < end && isSpace(s.charAt(i))) {
      i++;
    }
    return i;
  }

  /**
   * Appends {@code s[from, to)} with every whitespace run that touches a delimiter removed: the
   * effect of Python's {@code re.sub(r"\s*(<|>|/)\s*", r"\1", s)}. A run is removed exactly when
   * the character before it or the one after it (inside the range) is {@code <}, {@code >} or
   * {@code /}.
   */
  static void appendWithoutDelimiterSpace(CharSequence s, int from, int to, StringBuilder out) {
    int i = from;
    while (i < to) {
      char c = s.charAt(i);
      if (!isSpace(c)) {
        out.append(c);
        i++;
        continue;
      }
      int j = skipSpace(s, i, to);
      boolean touches = (i > from && isDelimiter(s.charAt(i - 1))) || (j < to && isDelimiter(s.charAt(j)));
      if (!touches) {
        out.append(s, i, j);
      }
      i = j;
    }
  }
}
