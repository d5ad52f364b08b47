import StorageModel

/// The free-text fields of a disposal request, checked before anything is signed: given fields
/// must not be empty or only white space, nor contain control characters.
enum DisposalInputCheck {
    static func check(_ r: DisposalRequest) throws(ExpungeError) {
        let fields: [(String?, String)] = [
            (r.recipient, "the recipient"), (r.certificationID, "--certification-id"), (r.transferNote, "--transfer-note"),
            (r.mediaDestroyedReference, "--media-destroyed"), (r.overrideReason, "--override-reason"), (r.operatorID, "--operator"),
            (r.ewcCode, "--ewc-code"), (r.supersedes, "--supersedes"), (r.supersessionReason, "--reason"),
        ]
        for case let (value?, name) in fields {
            if let problem = InputText.problem(value, name: name, maxLength: name == "--override-reason" || name == "--reason" ? 2000 : 256) {
                throw ExpungeError(.usage, problem, remedy: "give \(name) as printable text on one line")
            }
        }
    }
}
