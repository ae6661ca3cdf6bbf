package org.joulebench.reports;

import org.joulebench.harness.InputException;

/**
 * Opens a {@link ResultsHistory} for a JDBC URL. Found with {@link java.util.ServiceLoader}
 * ({@code META-INF/services/org.joulebench.reports.HistoryBackend}); {@link ResultsHistory#open} uses
 * the first one.
 */
public interface HistoryBackend {

    /**
     * Connects, creates the schema if absent and checks its version.
     *
     * @throws InputException when the store cannot be reached or holds a schema this version cannot read;
     *                        the message names the URL with any password left out
     */
    ResultsHistory open(String jdbcUrl) throws InputException;
}
