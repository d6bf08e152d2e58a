package io.journeyminer.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class TestPiiRedaction {

  private static final Pattern EMAIL = Pattern.compile(Pii.EMAIL_IN_TEXT);

  @Test
  void redactsWhatTheBoundedExpressionMatches() {
    List<String> texts =
        List.of(
            "{\"email\":\"Anna.Schmidt+news@example.co.uk\",\"x\":1}",
            "a@b.c no; x@y.de, ok@@z.org and tail@host.",
            "two: first@one.com;second@two.net",
            "@lead.com and trail@ and mid@dle",
            "x".repeat(100) + "@" + "d".repeat(300) + ".com",
            "plain text 2026-03-01 with no address");
    for (String text : texts) {
      assertThat(Pii.redactEmails(text)).as(text).isEqualTo(EMAIL.matcher(text).replaceAll("[email redacted]"));
    }
    assertThat(Pii.redactEmails(texts.get(0))).isEqualTo("{\"email\":\"[email redacted]\",\"x\":1}");
  }

  @Test
  void aMegabyteOfHostileTextIsRedactedInLinearTime() {
    int length = 1024 * 1024;
    List<String> hostile =
        List.of(
            "a".repeat(length),
            "a@".repeat(length / 2),
            "a.".repeat(length / 4) + "@" + "b.".repeat(length / 4),
            ("x".repeat(60) + "@").repeat(length / 61));
    long started = System.nanoTime();
    for (String text : hostile) {
      Pii.redactEmails(text);
    }
    double seconds = (System.nanoTime() - started) / 1e9;
    // The unbounded expression needed 38 s for 100,000 letters; a linear scan needs milliseconds.
    assertThat(seconds).isLessThan(2.0);
  }
}
