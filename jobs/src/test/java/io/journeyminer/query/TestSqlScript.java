package io.journeyminer.query;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class TestSqlScript {

  @Test
  void splitsAtSemicolonsOutsideQuotesAndComments() {
    String script =
        """
        -- the funnel; by stage
        SET spark.sql.ansi.enabled = true;
        CREATE TEMP VIEW t AS SELECT 'a;b' AS x, `odd;name` FROM s; /* not; a statement */
        SELECT "c;d", x FROM t -- trailing; comment
        """;

    assertThat(SqlScript.statements(script))
        .containsExactly(
            "-- the funnel; by stage\nSET spark.sql.ansi.enabled = true",
            "CREATE TEMP VIEW t AS SELECT 'a;b' AS x, `odd;name` FROM s",
            "/* not; a statement */\nSELECT \"c;d\", x FROM t -- trailing; comment");
  }

  @Test
  void aScriptOfCommentsHasNoStatement() {
    assertThat(SqlScript.statements("-- nothing here;\n/* or here */;  ;")).isEmpty();
    assertThat(SqlScript.statements("SELECT 'it\\'s; fine'")).containsExactly("SELECT 'it\\'s; fine'");
  }
}
