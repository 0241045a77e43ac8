package org.gbscan.web;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The page is served by the service's own server, self-contained (nothing from a CDN). */
class PageServingTest {
    private static TestServer server;
    private static Http http;

    @BeforeAll
    static void start() throws Exception {
        WebFixture fixture = WebFixture.get();
        server = TestServer.start(fixture.scorer(), fixture.info(), WebSettings.defaults());
        http = new Http(server.baseUrl);
    }

    @AfterAll
    static void stop() throws Exception {
        if (server != null) {
            server.close();
        }
    }

    @Test
    void rootServesThePageWithCameraCaptureAndTheDisclaimer() {
        Http.Reply page = http.get("/");

        assertThat(page.status()).isEqualTo(200);
        assertThat(page.contentType()).startsWith("text/html");
        assertThat(page.text())
                .contains("accept=\"image/*,.dcm,application/dicom\" capture=\"environment\"")
                .contains("AI-generated - not for diagnostic use")
                .contains("name=\"viewport\"");
        assertThat(page.raw().headers().firstValue("Content-Security-Policy")).hasValueSatisfying(
                csp -> assertThat(csp).contains("default-src 'self'"));
    }

    @Test
    void pageLoadsNothingFromOtherHosts() {
        for (String path : new String[] {"/", "/app.js", "/app.css"}) {
            Http.Reply r = http.get(path);
            assertThat(r.status()).as(path).isEqualTo(200);
            assertThat(r.text()).as(path).doesNotContain("http://").doesNotContain("https://").doesNotContain("//cdn");
        }
    }

    @Test
    void uiPathRedirectsToThePage() {
        Http.Reply r = http.get("/ui");

        assertThat(r.status()).isEqualTo(302);
        assertThat(r.raw().headers().firstValue("Location")).hasValue("/");
    }

    @Test
    void fhirAndHealthStillAnswerNextToThePage() {
        assertThat(http.get("/fhir/metadata").status()).isEqualTo(200);
        assertThat(http.get("/health/live").status()).isEqualTo(200);
        assertThat(http.get("/no-such-file.js").status()).isEqualTo(404);
    }
}
