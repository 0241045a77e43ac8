package org.gbscan.core.dicom.net;

import com.pixelmed.dicom.DicomException;
import com.pixelmed.network.DicomNetworkException;
import com.pixelmed.network.VerificationSOPClassSCU;
import java.io.IOException;

/** C-ECHO SCU: "is this AE there and does it talk to us?" (health checks, tests). */
public final class Echo {
    private Echo() {
    }

    /** @throws DicomNetException when the peer is unreachable, rejects the association or answers a failure */
    public static void echo(Destination dest, String callingAe) throws DicomNetException {
        AeTitles.requireValid(callingAe, "calling AE title");
        try {
            new VerificationSOPClassSCU(dest.host(), dest.port(), dest.aeTitle(), callingAe, false);
        } catch (DicomNetworkException | DicomException | IOException e) {
            throw new DicomNetException("C-ECHO to " + dest + " failed: " + e.getMessage(), e);
        }
    }
}
