package org.gbscan.core.dicom.net;

import com.pixelmed.dicom.Attribute;
import com.pixelmed.dicom.AttributeList;
import com.pixelmed.dicom.DicomException;
import com.pixelmed.dicom.DicomInputStream;
import com.pixelmed.dicom.TagFromName;
import com.pixelmed.dicom.TransferSyntax;
import com.pixelmed.network.Association;
import com.pixelmed.network.CompositeResponseHandler;
import com.pixelmed.network.DicomNetworkException;
import com.pixelmed.network.PDataPDU;
import com.pixelmed.network.PresentationDataValue;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Path;

/**
 * Receives one request message (command + data set) of an association. PixelMed's only public way to see
 * P-DATA is a {@link CompositeResponseHandler} subclass, so this extends it and replaces its handling: the
 * data set streams into an {@link IncomingFile}; anything that cannot be stored turns into a failure
 * status (the rest of the data is read and discarded), never an exception, so the association goes on.
 */
final class RequestReceiver extends CompositeResponseHandler {
    private static final int C_STORE_RQ = 0x0001;
    private static final int C_ECHO_RQ = 0x0030;
    private static final int NO_DATA_SET = 0x0101;
    private static final int MAX_COMMAND_BYTES = 64 * 1024;

    private final ScpSettings settings;
    private final AcceptPolicy policy;
    private final String callingAe;
    private final ByteArrayOutputStream commandBytes = new ByteArrayOutputStream();
    private int commandField = -1;
    private int messageId;
    private String sopClassUid = "";
    private String sopInstanceUid = "";
    private byte presentationContextId;
    private String transferSyntaxUid = "";
    private IncomingFile incoming;
    private Path received;
    private long dataBytes;
    private StoreOutcome failure;

    RequestReceiver(ScpSettings settings, AcceptPolicy policy, String callingAe) {
        this.settings = settings;
        this.policy = policy;
        this.callingAe = callingAe;
    }

    @Override
    public void sendPDataIndication(PDataPDU pdata, Association association) throws DicomNetworkException, DicomException, IOException {
        for (Object o : pdata.getPDVList()) {
            PresentationDataValue pdv = (PresentationDataValue) o;
            presentationContextId = pdv.getPresentationContextID();
            if (pdv.isCommand()) {
                onCommandFragment(pdv, association);
            } else {
                onDataFragment(pdv, association);
            }
        }
    }

    @Override
    protected void evaluateStatusAndSetSuccess(AttributeList list) {
        // never called: sendPDataIndication is replaced above
    }

    private void onCommandFragment(PresentationDataValue pdv, Association association) throws DicomNetworkException, IOException {
        if (commandField >= 0) {
            throw protocolError(association, "a second command arrived before the first was answered");
        }
        commandBytes.writeBytes(pdv.getValue());
        if (commandBytes.size() > MAX_COMMAND_BYTES) {
            throw protocolError(association, "command set larger than " + MAX_COMMAND_BYTES + " bytes");
        }
        if (!pdv.isLastFragment()) {
            return;
        }
        AttributeList command = new AttributeList();
        try {
            command.read(new DicomInputStream(new ByteArrayInputStream(commandBytes.toByteArray()), TransferSyntax.ImplicitVRLittleEndian, false));
        } catch (DicomException | IOException | RuntimeException e) {
            throw protocolError(association, "unreadable command set (" + e.getClass().getSimpleName() + ")");
        }
        commandField = Attribute.getSingleIntegerValueOrDefault(command, TagFromName.CommandField, 0xffff);
        messageId = Attribute.getSingleIntegerValueOrDefault(command, TagFromName.MessageID, 0);
        sopClassUid = Attribute.getSingleStringValueOrEmptyString(command, TagFromName.AffectedSOPClassUID).trim();
        sopInstanceUid = Attribute.getSingleStringValueOrEmptyString(command, TagFromName.AffectedSOPInstanceUID).trim();
        int dataSetType = Attribute.getSingleIntegerValueOrDefault(command, TagFromName.CommandDataSetType, NO_DATA_SET);
        if (commandField == C_ECHO_RQ) {
            setDone(true);
        } else if (commandField != C_STORE_RQ) {
            throw protocolError(association, String.format("unsupported command 0x%04X (only C-ECHO and C-STORE)", commandField));
        } else if (dataSetType == NO_DATA_SET) {
            throw protocolError(association, "C-STORE-RQ without a data set");
        }
    }

    private void onDataFragment(PresentationDataValue pdv, Association association) throws DicomNetworkException {
        if (commandField != C_STORE_RQ) {
            throw protocolError(association, "data set fragment without a C-STORE command");
        }
        if (incoming == null && failure == null && dataBytes == 0) {
            open(association);
        }
        byte[] value = pdv.getValue();
        dataBytes += value.length;
        if (failure == null && dataBytes > settings.maxInstanceBytes()) {
            fail(StoreStatus.OUT_OF_RESOURCES, "instance larger than " + settings.maxInstanceBytes() + " bytes");
        }
        if (failure == null) {
            try {
                incoming.write(value);
            } catch (IOException e) {
                fail(StoreStatus.OUT_OF_RESOURCES, "cannot write instance: " + e.getClass().getSimpleName());
            }
        }
        if (pdv.isLastFragment()) {
            if (failure == null) {
                try {
                    received = incoming.finish();
                } catch (IOException e) {
                    fail(StoreStatus.OUT_OF_RESOURCES, "cannot sync instance: " + e.getClass().getSimpleName());
                }
            }
            setDone(true);
        }
    }

    private void open(Association association) throws DicomNetworkException {
        String contextClass = policy.abstractSyntaxOf(presentationContextId);
        transferSyntaxUid = association.getTransferSyntaxForPresentationContextID(presentationContextId);
        if (!policy.acceptsStorage(sopClassUid)) {
            fail(StoreStatus.SOP_CLASS_NOT_SUPPORTED, "SOP class not accepted here");
        } else if (!sopClassUid.equals(contextClass)) {
            fail(StoreStatus.DATA_SET_DOES_NOT_MATCH_SOP_CLASS, "SOP class differs from presentation context");
        } else {
            try {
                incoming = IncomingFile.create(settings.incomingDir(), sopClassUid, sopInstanceUid, transferSyntaxUid, callingAe);
            } catch (IOException e) {
                fail(StoreStatus.OUT_OF_RESOURCES, "cannot create incoming file: " + e.getClass().getSimpleName());
            }
        }
    }

    private void fail(StoreStatus status, String comment) {
        failure = StoreOutcome.failed(status, comment);
        if (incoming != null) {
            incoming.discard();
            incoming = null;
        }
    }

    private static DicomNetworkException protocolError(Association association, String message) {
        try {
            association.abort();
        } catch (DicomNetworkException e) {
            message += "; abort failed: " + e.getMessage();
        }
        return new DicomNetworkException(message);
    }

    boolean isEcho() {
        return commandField == C_ECHO_RQ;
    }

    int messageId() {
        return messageId;
    }

    String sopClassUid() {
        return sopClassUid;
    }

    String sopInstanceUid() {
        return sopInstanceUid;
    }

    byte presentationContextId() {
        return presentationContextId;
    }

    String transferSyntaxUid() {
        return transferSyntaxUid;
    }

    long dataBytes() {
        return dataBytes;
    }

    /** Why the instance cannot be stored, or null when {@link #receivedFile()} holds it. */
    StoreOutcome failure() {
        return failure;
    }

    Path receivedFile() {
        return received;
    }

    /** Deletes a half-received file after an abort. */
    void discardPartial() {
        if (incoming != null && received == null) {
            incoming.discard();
            incoming = null;
        }
    }
}
