-- gbscan report store. Portable SQL: the same script runs on H2 2.x and PostgreSQL 12+
-- (TEXT, BYTEA, TIMESTAMP WITH TIME ZONE and DOUBLE PRECISION mean the same on both).

-- Every FHIR resource as the JSON HAPI's parser wrote, with its version for ETags and history-free updates.
CREATE TABLE fhir_resource (
    resource_type  VARCHAR(40)  NOT NULL,
    id             VARCHAR(64)  NOT NULL,
    version_id     INTEGER      NOT NULL,
    last_updated   TIMESTAMP WITH TIME ZONE NOT NULL,
    content_hash   VARCHAR(64)  NOT NULL,  -- SHA-256 of the JSON without meta: unchanged content keeps its version
    resource_json  TEXT         NOT NULL,
    PRIMARY KEY (resource_type, id)
);

-- Search index of DiagnosticReport (one row per report) plus what the study viewer lists.
CREATE TABLE report_index (
    id                 VARCHAR(64)  NOT NULL PRIMARY KEY,
    patient_id         VARCHAR(64)  NOT NULL,  -- FHIR Patient id
    patient_ident_system VARCHAR(200) NOT NULL,  -- the Patient's identifier (DICOM Patient ID), '' when anonymous
    patient_ident_value  VARCHAR(200) NOT NULL,
    patient_mask       VARCHAR(64)  NOT NULL,  -- masked DICOM Patient ID for lists
    study_uid          VARCHAR(64)  NOT NULL,
    ident_system       VARCHAR(200) NOT NULL,
    ident_value        VARCHAR(200) NOT NULL,
    imaging_study_id   VARCHAR(64)  NOT NULL,
    observation_id     VARCHAR(64)  NOT NULL,
    device_id          VARCHAR(64)  NOT NULL,
    status             VARCHAR(32)  NOT NULL,
    code_system        VARCHAR(200) NOT NULL,
    code               VARCHAR(64)  NOT NULL,
    conclusion_system  VARCHAR(200) NOT NULL,
    conclusion_code    VARCHAR(64)  NOT NULL,
    effective_low      TIMESTAMP WITH TIME ZONE,
    effective_high     TIMESTAMP WITH TIME ZONE,
    study_date         VARCHAR(8)   NOT NULL,  -- DICOM DA as received, '' when absent
    issued             TIMESTAMP WITH TIME ZONE NOT NULL,
    last_updated       TIMESTAMP WITH TIME ZONE NOT NULL,
    ba_probability     DOUBLE PRECISION NOT NULL,
    label              VARCHAR(16)  NOT NULL,
    threshold          DOUBLE PRECISION NOT NULL,
    model_name         VARCHAR(200) NOT NULL,
    model_version      VARCHAR(64)  NOT NULL,
    frame_count        INTEGER      NOT NULL
);
CREATE INDEX report_patient ON report_index (patient_id);
CREATE INDEX report_patient_ident ON report_index (patient_ident_value);
CREATE INDEX report_study ON report_index (study_uid);
CREATE INDEX report_ident ON report_index (ident_value);
CREATE INDEX report_effective ON report_index (effective_low, effective_high);
CREATE INDEX report_issued ON report_index (issued);
CREATE INDEX report_status ON report_index (status);
CREATE INDEX report_code ON report_index (code);
CREATE INDEX report_device ON report_index (device_id);
CREATE INDEX report_updated ON report_index (last_updated);

-- Search index of Observation.
CREATE TABLE observation_index (
    id                 VARCHAR(64)  NOT NULL PRIMARY KEY,
    report_id          VARCHAR(64)  NOT NULL,
    patient_id         VARCHAR(64)  NOT NULL,
    device_id          VARCHAR(64)  NOT NULL,
    imaging_study_id   VARCHAR(64)  NOT NULL,
    code_system        VARCHAR(200) NOT NULL,
    code               VARCHAR(64)  NOT NULL,
    issued             TIMESTAMP WITH TIME ZONE NOT NULL,
    last_updated       TIMESTAMP WITH TIME ZONE NOT NULL
);
CREATE INDEX observation_patient ON observation_index (patient_id);
CREATE INDEX observation_device ON observation_index (device_id);
CREATE INDEX observation_imaging ON observation_index (imaging_study_id);

-- Per-frame scores of a report and the small CAM thumbnails the web viewer shows (PNG bytes, optional).
CREATE TABLE report_frame (
    report_id          VARCHAR(64)  NOT NULL,
    frame_key          VARCHAR(200) NOT NULL,  -- Frame.key(): SOP Instance UID '#' frame number
    position           INTEGER      NOT NULL,  -- rank by BA probability, 0 = highest
    sop_instance_uid   VARCHAR(64)  NOT NULL,
    frame_index        INTEGER      NOT NULL,
    ba_probability     DOUBLE PRECISION NOT NULL,
    cam_png            BYTEA,
    PRIMARY KEY (report_id, frame_key)
);
