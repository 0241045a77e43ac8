package org.gbscan.fhir.store;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.sql.Connection;
import java.sql.SQLException;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.FlywayException;
import org.gbscan.fhir.FhirSettings;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The connection pool of the report store, migrated to the current schema on open. */
final class Database implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Database.class);
    private final HikariDataSource pool;
    private final boolean h2;

    private Database(HikariDataSource pool, boolean h2) {
        this.pool = pool;
        this.h2 = h2;
    }

    /**
     * H2 closes a database from its own JVM shutdown hook, which may run before the service has drained the
     * studies in flight on SIGTERM ("Database is already closed"); the service closes the pool itself, last.
     */
    static String withoutCloseOnExit(String jdbcUrl) {
        return jdbcUrl.startsWith("jdbc:h2:") && !jdbcUrl.toUpperCase(java.util.Locale.ROOT).contains("DB_CLOSE_ON_EXIT")
                ? jdbcUrl + ";DB_CLOSE_ON_EXIT=FALSE" : jdbcUrl;
    }

    static Database open(FhirSettings settings) throws ReportStoreException {
        HikariConfig config = new HikariConfig();
        config.setPoolName("gbscan-report-store");
        config.setJdbcUrl(durable(withoutCloseOnExit(settings.jdbcUrl())));
        config.setUsername(settings.user());
        config.setPassword(settings.password());
        config.setMaximumPoolSize(settings.poolSize());
        config.setMinimumIdle(1);
        config.setAutoCommit(true);
        HikariDataSource pool;
        try {
            pool = new HikariDataSource(config);
        } catch (RuntimeException e) {
            throw new ReportStoreException("cannot connect to the report store at " + settings.jdbcUrl()
                    + ": " + e.getMessage() + " (check store.jdbcUrl, store.user, store.password)", e);
        }
        try {
            var result = Flyway.configure().dataSource(pool).locations("classpath:db/migration").load().migrate();
            LOG.info("report store {} at schema version {}", redact(settings.jdbcUrl()),
                    result.targetSchemaVersion == null ? "current" : result.targetSchemaVersion);
        } catch (FlywayException e) {
            pool.close();
            throw new ReportStoreException("cannot migrate the report store schema at " + redact(settings.jdbcUrl())
                    + ": " + e.getMessage(), e);
        }
        return new Database(pool, onDisk(settings.jdbcUrl()));
    }

    /**
     * H2 writes committed transactions to its file only after WRITE_DELAY (500 ms by default): a kill in that
     * window loses a report that the spool may already have marked done (20 of 20 in ReportDurabilityTest).
     * WRITE_DELAY=0 writes every commit at once, yet 1 to 5 of 20 were still lost: a chunk written into
     * reused free space of the file is not found when H2 recovers from a crash. REUSE_SPACE=FALSE appends
     * every chunk (the file is compacted on close); with both, 20 of 20 survived. PostgreSQL commits durably
     * by default. Settings the URL gives explicitly are kept.
     */
    static String durable(String jdbcUrl) {
        if (!onDisk(jdbcUrl)) {
            return jdbcUrl;
        }
        String upper = jdbcUrl.toUpperCase(java.util.Locale.ROOT);
        String url = jdbcUrl;
        if (!upper.contains("WRITE_DELAY")) {
            url += ";WRITE_DELAY=0";
        }
        if (!upper.contains("REUSE_SPACE")) {
            url += ";REUSE_SPACE=FALSE";
        }
        return url;
    }

    /** An H2 database in a file (an in-memory one has nothing to make durable, and refuses REUSE_SPACE). */
    static boolean onDisk(String jdbcUrl) {
        return jdbcUrl.startsWith("jdbc:h2:") && !jdbcUrl.startsWith("jdbc:h2:mem:");
    }

    /**
     * Makes what was committed on the connection durable before the caller goes on (e.g. before the spool
     * marks the study done): for H2 a CHECKPOINT SYNC also fsyncs the file, so the report survives a power
     * cut, not only a killed process. PostgreSQL's commit already is durable.
     */
    void sync(Connection c) throws SQLException {
        if (h2) {
            try (var statement = c.createStatement()) {
                statement.execute("CHECKPOINT SYNC");
            }
        }
    }

    DataSource dataSource() {
        return pool;
    }

    Connection connection() throws SQLException {
        return pool.getConnection();
    }

    @Override
    public void close() {
        pool.close();
    }

    /** JDBC URLs may carry a password parameter; keep only the part before the first '?' or ';'. */
    static String redact(String url) {
        int cut = url.length();
        for (char c : new char[] {'?', ';'}) {
            int i = url.indexOf(c);
            if (i >= 0) {
                cut = Math.min(cut, i);
            }
        }
        return url.substring(0, cut);
    }
}
