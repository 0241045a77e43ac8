package org.gbscan.core.dicom.net;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * Who may open an association with us. Closed by default: only the listed callers, each optionally bound
 * to the hosts it may come from ({@code STORESCU@10.0.0.5}). An AE title alone is no authentication (any
 * peer can claim any title), so binding it to an address is what makes the list worth having on a
 * hospital network; TLS with client certificates is the stronger step.
 *
 * @param anyCaller true only when a site deliberately opens the port ({@code listener.allowAnyCaller=true})
 * @param allowed   the allow-list; an AE may appear several times with different hosts
 */
public record CallerPolicy(boolean anyCaller, List<AllowedCaller> allowed) {
    /** Refuses everyone: what an empty allow-list means. */
    public static final CallerPolicy NOBODY = new CallerPolicy(false, List.of());
    /** Accepts every calling AE from everywhere (tests, or a site that says so explicitly). */
    public static final CallerPolicy ANYONE = new CallerPolicy(true, List.of());

    public CallerPolicy {
        allowed = List.copyOf(allowed);
    }

    /**
     * One allow-list entry: an AE title, and the hosts (IP literals or names) it may come from; no hosts =
     * from anywhere.
     */
    public record AllowedCaller(String ae, List<String> hosts) {
        public AllowedCaller {
            ae = AeTitles.requireValid(ae, "allowed calling AE title");
            hosts = List.copyOf(hosts);
        }

        /** Parses {@code AE} or {@code AE@host} or {@code AE@host1|host2}. */
        public static AllowedCaller parse(String entry) {
            String e = entry.trim();
            int at = e.lastIndexOf('@');
            if (at < 0) {
                return new AllowedCaller(e, List.of());
            }
            List<String> hosts = Arrays.stream(e.substring(at + 1).split("\\|")).map(String::trim).filter(h -> !h.isEmpty()).toList();
            if (hosts.isEmpty()) {
                throw new IllegalArgumentException("allowed caller '" + entry + "' names no host after '@'");
            }
            return new AllowedCaller(e.substring(0, at), hosts);
        }

        boolean matches(String callingAe, InetAddress from) {
            return ae.equals(callingAe) && (hosts.isEmpty() || hosts.stream().anyMatch(h -> sameHost(h, from)));
        }

        private static boolean sameHost(String host, InetAddress from) {
            if (from == null) {
                return false;
            }
            try {
                // a literal resolves without a lookup; a name is resolved now so DNS changes are followed
                for (InetAddress a : InetAddress.getAllByName(host)) {
                    if (a.equals(from)) {
                        return true;
                    }
                }
            } catch (UnknownHostException e) {
                return false;
            }
            return false;
        }

        @Override
        public String toString() {
            return hosts.isEmpty() ? ae : ae + "@" + String.join("|", hosts);
        }
    }

    /** A closed policy from {@code listener.allowedCallingAes} entries. */
    public static CallerPolicy of(List<String> entries) {
        List<AllowedCaller> callers = new ArrayList<>();
        for (String entry : entries) {
            if (!entry.isBlank()) {
                callers.add(AllowedCaller.parse(entry));
            }
        }
        return new CallerPolicy(false, callers);
    }

    public boolean allows(String callingAe, InetAddress from) {
        Objects.requireNonNull(callingAe, "callingAe");
        return anyCaller || allowed.stream().anyMatch(c -> c.matches(callingAe.trim(), from));
    }

    /** The AE title is listed, but not for this host: worth a distinct log line for the site's admin. */
    boolean knowsTitle(String callingAe) {
        return allowed.stream().anyMatch(c -> c.ae().equals(callingAe.trim()));
    }
}
