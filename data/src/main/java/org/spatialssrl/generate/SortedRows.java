package org.spatialssrl.generate;

import java.io.BufferedWriter;
import java.io.Closeable;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Properties;
import org.duckdb.DuckDBAppender;
import org.duckdb.DuckDBConnection;
import org.duckdb.DuckDBDriver;
import org.spatialssrl.dataset.AtomicFiles;
import org.spatialssrl.dataset.ParquetExport;

/**
 * Puts the finished rows of a run into dataset order without holding them in memory: rows go
 * into an on-disk DuckDB table (which spills to disk when it must) and come back sorted by
 * (split, task rank, id) as a stream, so a run of millions of samples finishes in bounded heap.
 */
final class SortedRows implements Closeable {
  private final Connection connection;
  private final DuckDBAppender appender;

  /**
   * Opens a fresh sort table.
   *
   * @param database the database file to create (deleted first if present)
   * @throws IOException when DuckDB cannot open it
   */
  SortedRows(Path database) throws IOException {
    try {
      Files.deleteIfExists(database);
      Files.deleteIfExists(database.resolveSibling(database.getFileName() + ".wal"));
      Properties props = new Properties();
      props.setProperty(DuckDBDriver.JDBC_STREAM_RESULTS, "true");
      connection = DriverManager.getConnection("jdbc:duckdb:" + database.toAbsolutePath(), props);
      try (Statement st = connection.createStatement()) {
        st.execute("SET temp_directory = "
            + ParquetExport.quote(database.toAbsolutePath() + ".tmp"));
        st.execute("CREATE TABLE rows (split VARCHAR, task_rank INTEGER, id VARCHAR, line VARCHAR)");
      }
      appender = connection.unwrap(DuckDBConnection.class).createAppender("main", "rows");
    } catch (SQLException e) {
      throw new IOException("cannot open the sort table " + database + ": " + e.getMessage(), e);
    }
  }

  /**
   * Adds one row.
   *
   * @param split the split name
   * @param taskRank the task's position in the output order
   * @param id the sample id (unique within the split)
   * @param line the row's JSON line, without newline
   * @throws IOException when DuckDB fails
   */
  void add(String split, int taskRank, String id, String line) throws IOException {
    try {
      appender.beginRow();
      appender.append(split);
      appender.append(taskRank);
      appender.append(id);
      appender.append(line);
      appender.endRow();
    } catch (SQLException e) {
      throw new IOException("cannot add row " + id + " to the sort table: " + e.getMessage(), e);
    }
  }

  /**
   * Writes one split's rows, in order, as JSON lines, atomically.
   *
   * @param split the split name
   * @param target the JSONL file
   * @throws IOException when DuckDB or the file fails
   */
  void write(String split, Path target) throws IOException {
    Path tmp = AtomicFiles.temporaryFor(target);
    try {
      appender.flush();
      try (PreparedStatement ps = connection.prepareStatement(
              "SELECT line FROM rows WHERE split = ? ORDER BY task_rank, id");
          BufferedWriter w = Files.newBufferedWriter(tmp, StandardCharsets.UTF_8)) {
        ps.setString(1, split);
        try (ResultSet rs = ps.executeQuery()) {
          while (rs.next()) {
            w.write(rs.getString(1));
            w.write('\n');
          }
        }
      }
    } catch (SQLException e) {
      Files.deleteIfExists(tmp);
      throw new IOException("cannot write " + target + ": " + e.getMessage(), e);
    }
    AtomicFiles.publish(tmp, target);
  }

  @Override
  public void close() throws IOException {
    try {
      appender.close();
      connection.close();
    } catch (SQLException e) {
      throw new IOException("cannot close the sort table: " + e.getMessage(), e);
    }
  }
}
