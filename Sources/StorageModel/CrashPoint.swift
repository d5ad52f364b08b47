import Foundation
import Glibc

/// Test seam for crash consistency: when `EXPUNGE_TEST_CRASH_AT` names a step, the process kills
/// itself with SIGKILL (no handler, no cleanup: as a power cut would) when it reaches that step.
/// Steps: `journal-written` (the attempt is journalled, no byte written yet), `pass-done` (a pass
/// is written and journalled), `signature-written` (the `.p7s` is committed, the document not),
/// `document-written` (the document is committed, the ledger state and attempt index not),
/// `journal-completed` (everything is written). Documented in Docs/design/testing.md; unset in
/// production, where `reached` is one dictionary look-up.
public enum CrashPoint {
    public static let variable = "EXPUNGE_TEST_CRASH_AT"
    private static let armed: String? = ProcessInfo.processInfo.environment[variable].flatMap { $0.isEmpty ? nil : $0 }

    /// Dies here if this is the armed step.
    public static func reached(_ step: String) {
        guard let armed, armed == step else { return }
        kill(getpid(), SIGKILL)
    }
}
