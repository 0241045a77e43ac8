package org.gbscan.core.dicom.net;

import com.pixelmed.network.PresentationContext;
import com.pixelmed.network.PresentationContextSelectionPolicy;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.gbscan.core.dicom.Encoding;

/**
 * PixelMed presentation-context policy for one association: Verification and the configured storage SOP
 * classes are accepted (abstract syntax not supported = result 3 otherwise), in a transfer syntax gbscan
 * can decode (result 4 if none is offered). Remembers what it accepted so data can be checked against it.
 */
final class AcceptPolicy implements PresentationContextSelectionPolicy {
    static final String VERIFICATION = "1.2.840.10008.1.1";
    /**
     * What we decode in this JVM (JPEG-LS and JPEG 2000 only if an ImageIO reader for them is on the class
     * path). Among these, the sender's order of preference decides (PS3.8 9.3.2.2).
     */
    static final List<String> SUPPORTED = Encoding.decodableHere().stream().map(Encoding::uid).toList();
    private static final byte ACCEPTANCE = 0;
    private static final byte ABSTRACT_SYNTAX_NOT_SUPPORTED = 3;
    private static final byte TRANSFER_SYNTAXES_NOT_SUPPORTED = 4;

    private final Set<String> storageClasses;
    private final Map<Byte, String> accepted = new ConcurrentHashMap<>();
    private volatile int rejected;

    AcceptPolicy(Set<String> storageClasses) {
        this.storageClasses = storageClasses;
    }

    @Override
    @SuppressWarnings({"rawtypes", "unchecked"})
    public java.util.LinkedList applyPresentationContextSelectionPolicy(java.util.LinkedList contexts, int associationNumber) {
        for (Object o : contexts) {
            PresentationContext pc = (PresentationContext) o;
            String abstractSyntax = pc.getAbstractSyntaxUID() == null ? "" : pc.getAbstractSyntaxUID().trim();
            List<String> offered = (List<String>) pc.getTransferSyntaxUIDs();
            String first = offered == null || offered.isEmpty() ? Encoding.IMPLICIT_VR_LITTLE_ENDIAN.uid() : offered.get(0);
            if (!VERIFICATION.equals(abstractSyntax) && !storageClasses.contains(abstractSyntax)) {
                keepOnly(pc, first, ABSTRACT_SYNTAX_NOT_SUPPORTED);
                rejected++;
                continue;
            }
            // The first offered syntax we decode: a modality that lists JPEG first holds JPEG images and
            // cannot always convert them back (DCMTK storescu -xy, for one).
            String chosen = offered == null ? null : offered.stream().filter(o2 -> o2 != null)
                    .map(String::trim).filter(SUPPORTED::contains).findFirst().orElse(null);
            if (chosen == null) {
                keepOnly(pc, first, TRANSFER_SYNTAXES_NOT_SUPPORTED);
                rejected++;
            } else {
                keepOnly(pc, chosen, ACCEPTANCE);
                accepted.put(pc.getIdentifier(), abstractSyntax);
            }
        }
        return contexts;
    }

    @Override
    @SuppressWarnings("rawtypes")
    public java.util.LinkedList applyPresentationContextSelectionPolicy(java.util.LinkedList contexts, int associationNumber, int debugLevel) {
        return applyPresentationContextSelectionPolicy(contexts, associationNumber);
    }

    private static void keepOnly(PresentationContext pc, String transferSyntax, byte result) {
        pc.newTransferSyntaxUIDs();
        pc.addTransferSyntaxUID(transferSyntax);
        pc.setResultReason(result);
    }

    /** The SOP class accepted on this presentation context, or null if it was not accepted. */
    String abstractSyntaxOf(byte presentationContextId) {
        return accepted.get(presentationContextId);
    }

    boolean acceptsStorage(String sopClassUid) {
        return storageClasses.contains(sopClassUid);
    }

    int rejectedContexts() {
        return rejected;
    }
}
