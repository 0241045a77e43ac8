package org.gbscan.fhir;

import java.nio.file.Path;
import java.time.ZoneId;
import java.util.Objects;
import java.time.Duration;
import org.gbscan.core.Config;
import org.gbscan.core.tls.TlsFiles;
import org.gbscan.fhir.auth.JwtSettings;

/**
 * Settings of the report store and the HTTP server, read from {@link Config}.
 *
 * <table>
 *   <tr><th>key</th><th>default</th><th>meaning</th></tr>
 *   <tr><td>store.dir</td><td>data/store</td><td>folder of the default H2 file database</td></tr>
 *   <tr><td>store.jdbcUrl</td><td>jdbc:h2:file:&lt;store.dir&gt;/reports</td><td>any H2 or PostgreSQL JDBC URL</td></tr>
 *   <tr><td>store.user / store.password</td><td>empty</td><td>database credentials</td></tr>
 *   <tr><td>store.poolSize</td><td>4</td><td>JDBC connections (also the size of the HTTP worker pool for queries)</td></tr>
 *   <tr><td>http.host</td><td>0.0.0.0</td><td>bind address</td></tr>
 *   <tr><td>http.port</td><td>8080</td><td>0 picks a free port</td></tr>
 *   <tr><td>http.auth</td><td>token</td><td>{@code token}: one static bearer token; {@code jwt}: OAuth access tokens (JWT) with SMART scopes; {@code none}: open (tests, demos on loopback)</td></tr>
 *   <tr><td>http.jwt.jwks / .issuer / .audience / .clockSkew</td><td>- / - / - / 60s</td><td>with {@code http.auth=jwt}: the issuer's JWKS (file or URL), its {@code iss}, our {@code aud}, tolerated clock difference</td></tr>
 *   <tr><td>http.jwt.tokenEndpoint / .authorizationEndpoint</td><td>- / -</td><td>with {@code http.auth=jwt}: the authorisation server's endpoints, advertised at {@code /.well-known/smart-configuration}</td></tr>
 *   <tr><td>http.tls</td><td>false</td><td>true: HTTPS only on http.port with tls.cert / tls.key (PEM, reloaded on change)</td></tr>
 *   <tr><td>http.token</td><td>empty</td><td>the bearer token clients send as {@code Authorization: Bearer <token>}</td></tr>
 *   <tr><td>http.maxBodyBytes</td><td>20 MiB</td><td>largest request body; larger ones get 413</td></tr>
 *   <tr><td>http.publicBaseUrl</td><td>empty</td><td>base URL used in Bundle links (e.g. behind a proxy); empty: from the request's Host</td></tr>
 *   <tr><td>fhir.defaultCount / fhir.maxCount</td><td>20 / 200</td><td>page size when {@code _count} is absent / its upper bound</td></tr>
 *   <tr><td>fhir.zone</td><td>system zone</td><td>time zone of DICOM study dates and times (they carry none)</td></tr>
 *   <tr><td>fhir.patientIdSystem</td><td>urn:gbscan:dicom:patient-id</td><td>Identifier.system of the DICOM Patient ID; set it to the hospital's MRN system URI</td></tr>
 * </table>
 */
public record FhirSettings(String jdbcUrl, String user, String password, int poolSize,
                           String httpHost, int httpPort, boolean authRequired, String token, long maxBodyBytes,
                           String publicBaseUrl, int defaultCount, int maxCount, ZoneId zone, String patientIdSystem,
                           TlsFiles tls, JwtSettings jwt) {

    public static final String DEFAULT_PATIENT_ID_SYSTEM = "urn:gbscan:dicom:patient-id";

    /** Plain HTTP, and the static token when {@code authRequired} (what tests and tools build by hand). */
    public FhirSettings(String jdbcUrl, String user, String password, int poolSize, String httpHost, int httpPort,
                        boolean authRequired, String token, long maxBodyBytes, String publicBaseUrl, int defaultCount,
                        int maxCount, ZoneId zone, String patientIdSystem) {
        this(jdbcUrl, user, password, poolSize, httpHost, httpPort, authRequired, token, maxBodyBytes, publicBaseUrl,
                defaultCount, maxCount, zone, patientIdSystem, null, null);
    }

    public FhirSettings {
        Objects.requireNonNull(jdbcUrl, "jdbcUrl");
        user = Objects.requireNonNullElse(user, "");
        password = Objects.requireNonNullElse(password, "");
        token = Objects.requireNonNullElse(token, "");
        publicBaseUrl = stripTrailingSlash(Objects.requireNonNullElse(publicBaseUrl, ""));
        Objects.requireNonNull(httpHost, "httpHost");
        Objects.requireNonNull(zone, "zone");
        Objects.requireNonNull(patientIdSystem, "patientIdSystem");
        if (!jdbcUrl.startsWith("jdbc:h2:") && !jdbcUrl.startsWith("jdbc:postgresql:")) {
            throw new IllegalArgumentException("store.jdbcUrl must be an H2 (jdbc:h2:...) or PostgreSQL (jdbc:postgresql:...) URL, got '"
                    + jdbcUrl + "'");
        }
        if (poolSize < 1) {
            throw new IllegalArgumentException("store.poolSize must be >= 1, got " + poolSize);
        }
        if (httpPort < 0 || httpPort > 65535) {
            throw new IllegalArgumentException("http.port must be within 0..65535, got " + httpPort);
        }
        if (jwt != null && !authRequired) {
            throw new IllegalArgumentException("JWT settings given while authentication is off");
        }
        if (authRequired && jwt == null && token.isBlank()) {
            throw new IllegalArgumentException("http.token is not set: set a bearer token (e.g. GBSCAN_HTTP_TOKEN)"
                    + " or set http.auth=none to serve the FHIR API without authentication");
        }
        if (maxBodyBytes < 1) {
            throw new IllegalArgumentException("http.maxBodyBytes must be positive, got " + maxBodyBytes);
        }
        if (defaultCount < 1 || maxCount < defaultCount) {
            throw new IllegalArgumentException("need 1 <= fhir.defaultCount <= fhir.maxCount, got "
                    + defaultCount + " and " + maxCount);
        }
    }

    public static FhirSettings from(Config config) {
        Path dir = config.getPath("store.dir", Path.of("data", "store"));
        String auth = config.get("http.auth", "token").trim().toLowerCase(java.util.Locale.ROOT);
        if (!auth.equals("token") && !auth.equals("none") && !auth.equals("jwt")) {
            throw new IllegalArgumentException("config http.auth must be 'token', 'jwt' or 'none', got '" + auth + "'");
        }
        String zone = config.get("fhir.zone", "");
        return new FhirSettings(
                config.get("store.jdbcUrl", h2FileUrl(dir)),
                config.get("store.user", ""),
                config.get("store.password", ""),
                config.getInt("store.poolSize", 4),
                config.get("http.host", "0.0.0.0"),
                config.getInt("http.port", 8080),
                !auth.equals("none"),
                config.get("http.token", ""),
                config.getLong("http.maxBodyBytes", 20L * 1024 * 1024),
                config.get("http.publicBaseUrl", ""),
                config.getInt("fhir.defaultCount", 20),
                config.getInt("fhir.maxCount", 200),
                zone.isBlank() ? ZoneId.systemDefault() : ZoneId.of(zone.trim()),
                config.get("fhir.patientIdSystem", DEFAULT_PATIENT_ID_SYSTEM),
                config.getBoolean("http.tls", false) ? TlsFiles.from(config, "http.tls", null) : null,
                auth.equals("jwt") ? new JwtSettings(config.get("http.jwt.jwks", ""), config.get("http.jwt.issuer", ""),
                        config.get("http.jwt.audience", ""), config.getDuration("http.jwt.clockSkew", Duration.ofSeconds(60)),
                        config.get("http.jwt.tokenEndpoint", ""), config.get("http.jwt.authorizationEndpoint", "")) : null);
    }

    /** none, token or jwt. */
    public String authMode() {
        return !authRequired ? "none" : jwt != null ? "jwt" : "token";
    }

    /** The default store: an H2 file database {@code reports.mv.db} inside the folder. */
    public static String h2FileUrl(Path dir) {
        return "jdbc:h2:file:" + dir.toAbsolutePath().resolve("reports");
    }

    public boolean isPostgres() {
        return jdbcUrl.startsWith("jdbc:postgresql:");
    }

    public FhirSettings withJdbcUrl(String url, String newUser, String newPassword) {
        return new FhirSettings(url, newUser, newPassword, poolSize, httpHost, httpPort, authRequired, token,
                maxBodyBytes, publicBaseUrl, defaultCount, maxCount, zone, patientIdSystem, tls, jwt);
    }

    /** Never print the password or the token. */
    @Override
    public String toString() {
        return "FhirSettings[jdbcUrl=" + jdbcUrl + ", user=" + user + ", poolSize=" + poolSize + ", http=" + httpHost
                + ":" + httpPort + (tls == null ? "" : " (TLS)") + ", auth=" + authMode() + ", maxBodyBytes=" + maxBodyBytes
                + ", zone=" + zone + "]";
    }

    private static String stripTrailingSlash(String s) {
        return s.endsWith("/") ? s.substring(0, s.length() - 1) : s;
    }
}
