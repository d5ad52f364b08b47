import Foundation

/// Validates JSON documents against the project's JSON Schemas with Python's `jsonschema`
/// (installed by Scripts/setup), the reference implementation third parties will use too.
public enum SchemaValidator {
    public static let repositoryRoot = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    public static func schema(_ relative: String) -> String { repositoryRoot.appendingPathComponent(relative).path }

    /// nil when every file is valid; otherwise the validator's message.
    public static func errors(files: [String], schema: String) throws -> String? {
        let script = """
        import json, sys, jsonschema
        schema = json.load(open(sys.argv[1]))
        validator = jsonschema.Draft202012Validator(schema, format_checker=jsonschema.FormatChecker())
        bad = []
        for path in sys.argv[2:]:
            for e in validator.iter_errors(json.load(open(path))):
                bad.append(f"{path}: {'/'.join(map(str, e.absolute_path))}: {e.message}")
        print("\\n".join(bad))
        sys.exit(1 if bad else 0)
        """
        for python in ["/usr/bin/env", "/usr/bin/python3"] {
            let args = python == "/usr/bin/env" ? ["python3", "-c", script, schema] + files : ["-c", script, schema] + files
            let r = try Shell.run(python, args)
            if r.status == 0 { return nil }
            if !r.stderr.contains("No module named") { return r.stdout + r.stderr }
        }
        return "no Python with jsonschema found (run Scripts/setup)"
    }

    public static func errors(json: String, schema: String) throws -> String? {
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("expunge-schema-\(UUID().uuidString).json")
        try Data(json.utf8).write(to: file)
        defer { try? FileManager.default.removeItem(at: file) }
        return try errors(files: [file.path], schema: schema)
    }
}

/// Stock OpenSSL's view of a signed document: nil when `openssl cms -verify` accepts it.
public enum OpenSSLCLI {
    public static func verifyProblem(document: String, signature: String, trust: String) throws -> String? {
        let r = try Shell.run("/usr/bin/openssl", ["cms", "-verify", "-binary", "-inform", "DER", "-in", signature, "-content", document,
                                                  "-CAfile", trust, "-purpose", "any", "-out", "/dev/null"])
        return r.status == 0 ? nil : r.stderr
    }
}
