/// The version of CreditGate, one number for the server, the client and the protocol they
/// speak, shown by `creditgated --version` and `creditgate --version`. Raised with each release.
public enum CreditGateVersion {
    public static let current = "0.12.0"
}
