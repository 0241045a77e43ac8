package org.gbscan.fhir.audit;

import java.net.InetAddress;
import java.net.UnknownHostException;
import org.gbscan.core.Config;
import org.gbscan.core.audit.SyslogSender;

/**
 * {@code audit.*}: the trail is always stored; syslog is optional.
 *
 * @param syslogHost empty = no syslog
 */
public record AuditSettings(String syslogHost, int syslogPort, SyslogSender.Protocol protocol, String site) {
    public static AuditSettings from(Config c) {
        return new AuditSettings(c.get("audit.syslog.host", "").trim(), c.getInt("audit.syslog.port", 514),
                SyslogSender.protocol(c.get("audit.syslog.protocol", "udp")),
                c.get("audit.site", "").isBlank() ? localHost() : c.get("audit.site", "").trim());
    }

    private static String localHost() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            return "gbscan";
        }
    }

    public SyslogSender syslogOrNull() {
        return syslogHost.isEmpty() ? null : new SyslogSender(syslogHost, syslogPort, protocol, site);
    }
}
