package io.journeyminer.ingest.formats;

import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * UTF-8 decoding that keeps the bytes it cannot decode. A plain decoder turns every invalid byte
 * into U+FFFD, so {@code X\xff1} and {@code X\xfe1} would read as one identifier and merge two
 * people. Here each invalid byte {@code b} becomes the lone surrogate {@code U+DC00 + b} (Python's
 * "surrogateescape"), which no valid UTF-8 text can produce; a reader that finds one rejects the
 * record and shows the byte as {@code \xNN} in its raw text.
 */
final class InvalidBytes {

  private static final char FIRST = '\uDC80';
  private static final char LAST = '\uDCFF';

  private InvalidBytes() {}

  /** A reader of {@code content} as UTF-8, invalid bytes kept as escapes. */
  static Reader utf8Reader(InputStream content) {
    return new EscapingReader(content);
  }

  /** Index of the first escaped byte in {@code text}, or -1 when it has none. */
  static int firstIndex(String text) {
    for (int i = 0; i < text.length(); i++) {
      if (isEscape(text.charAt(i))) {
        return i;
      }
    }
    return -1;
  }

  /** {@code text} with every escaped byte written as {@code \xNN}, as the file held it. */
  static String shown(String text) {
    if (firstIndex(text) < 0) {
      return text;
    }
    StringBuilder out = new StringBuilder(text.length() + 16);
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (isEscape(c)) {
        out.append(String.format(java.util.Locale.ROOT, "\\x%02x", c & 0xFF));
      } else {
        out.append(c);
      }
    }
    return out.toString();
  }

  /** 1-based byte position in the file's encoding of the character at {@code index}. */
  static long bytePosition(String text, int index) {
    long bytes = 0;
    for (int i = 0; i < index; i++) {
      bytes += utf8Length(text.charAt(i));
    }
    return bytes + 1;
  }

  /** Bytes this character took in the file: an escape was one byte, a surrogate half two. */
  static int utf8Length(char c) {
    if (c < 0x80 || isEscape(c)) {
      return 1;
    }
    if (c < 0x800 || Character.isSurrogate(c)) {
      return 2;
    }
    return 3;
  }

  private static boolean isEscape(char c) {
    return c >= FIRST && c <= LAST;
  }

  private static final class EscapingReader extends Reader {
    private final InputStream in;
    private final CharsetDecoder decoder =
        StandardCharsets.UTF_8
            .newDecoder()
            .onMalformedInput(CodingErrorAction.REPORT)
            .onUnmappableCharacter(CodingErrorAction.REPORT);
    private final ByteBuffer bytes = ByteBuffer.allocate(64 * 1024).flip();
    private boolean endOfInput;
    private boolean finished;

    EscapingReader(InputStream in) {
      this.in = in;
    }

    @Override
    public int read(char[] target, int offset, int length) throws IOException {
      if (finished) {
        return -1;
      }
      if (length == 0) {
        return 0;
      }
      CharBuffer out = CharBuffer.wrap(target, offset, length);
      while (out.position() == offset) {
        CoderResult result = decoder.decode(bytes, out, endOfInput);
        if (result.isError()) {
          for (int i = 0; i < result.length() && out.hasRemaining(); i++) {
            out.put((char) (0xDC00 | (bytes.get() & 0xFF)));
          }
          continue;
        }
        if (result.isOverflow()) {
          break;
        }
        if (endOfInput) {
          decoder.flush(out);
          finished = true;
          return out.position() == offset ? -1 : out.position() - offset;
        }
        fill();
      }
      return out.position() - offset;
    }

    private void fill() throws IOException {
      bytes.compact();
      int read = in.read(bytes.array(), bytes.position(), bytes.remaining());
      if (read < 0) {
        endOfInput = true;
      } else {
        bytes.position(bytes.position() + read);
      }
      bytes.flip();
    }

    @Override
    public void close() throws IOException {
      in.close();
    }
  }
}
