package org.gbscan.core.dicom.net;

import static org.assertj.core.api.Assertions.assertThat;

import com.pixelmed.network.PresentationContext;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.util.LinkedList;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * docs/CONFORMANCE.md cannot drift from the code: its SCP tables of SOP classes and transfer syntaxes are
 * parsed and held against the accept policy both ways, and every documented combination is put through a
 * real negotiation by {@link AcceptPolicy}.
 */
class ConformanceStatementTest {
    private static final Path STATEMENT = Path.of(System.getProperty("gbscan.repo.root", ".."))
            .toAbsolutePath().normalize().resolve("docs/CONFORMANCE.md");
    private static final Pattern UID = Pattern.compile("\\b1\\.2\\.840\\.10008(?:\\.\\d+)+\\b");
    private static final String CT_IMAGE_STORAGE = "1.2.840.10008.5.1.4.1.1.2";

    @Test
    void scpSopClassesAreExactlyVerificationAndTheDefaultStorageClasses() throws IOException {
        Set<String> expected = new LinkedHashSet<>(ScpSettings.DEFAULT_SOP_CLASSES);
        expected.add(AcceptPolicy.VERIFICATION);
        assertThat(table("scp-sop-classes")).containsExactlyInAnyOrderElementsOf(expected);
    }

    @Test
    void acceptedTransferSyntaxesAreExactlyWhatThePolicyDecodes() throws IOException {
        assertThat(table("scp-transfer-syntaxes-accepted")).containsExactlyInAnyOrderElementsOf(AcceptPolicy.SUPPORTED);
    }

    @Test
    void refusedTransferSyntaxesAreNotAccepted() throws IOException {
        assertThat(table("scp-transfer-syntaxes-refused")).isNotEmpty().doesNotContainAnyElementsOf(AcceptPolicy.SUPPORTED);
    }

    @Test
    void negotiationAcceptsEveryDocumentedPairAndRefusesTheRest() throws IOException {
        List<String> sopClasses = table("scp-sop-classes");
        List<String> accepted = table("scp-transfer-syntaxes-accepted");
        List<String> refused = table("scp-transfer-syntaxes-refused");
        for (String sop : sopClasses) {
            for (String ts : accepted) {
                assertThat(negotiate(sop, ts)).as("%s in %s", sop, ts).isEqualTo(0);
            }
            for (String ts : refused) {
                assertThat(negotiate(sop, ts)).as("%s in %s", sop, ts).isEqualTo(4); // transfer syntaxes not supported
            }
        }
        assertThat(negotiate(CT_IMAGE_STORAGE, accepted.get(0))).as("an undocumented SOP class").isEqualTo(3);
    }

    private static int negotiate(String sopClass, String transferSyntax) {
        AcceptPolicy policy = new AcceptPolicy(ScpSettings.DEFAULT_SOP_CLASSES);
        LinkedList<PresentationContext> offered = new LinkedList<>();
        offered.add(new PresentationContext((byte) 1, sopClass, transferSyntax));
        PresentationContext answer = (PresentationContext) policy.applyPresentationContextSelectionPolicy(offered, 1).get(0);
        return answer.getResultReason();
    }

    /** The UIDs in the first column of UIDs of the table after {@code <!-- table: name -->}. */
    private static List<String> table(String name) throws IOException {
        List<String> lines = Files.readAllLines(STATEMENT);
        int start = lines.indexOf("<!-- table: " + name + " -->");
        assertThat(start).as("table %s in %s", name, STATEMENT).isNotNegative();
        List<String> uids = new java.util.ArrayList<>();
        for (int i = start + 3; i < lines.size() && lines.get(i).startsWith("|"); i++) { // marker, header, rule
            Matcher m = UID.matcher(lines.get(i));
            assertThat(m.find()).as("a UID in row '%s'", lines.get(i)).isTrue();
            uids.add(m.group());
        }
        return uids;
    }
}
