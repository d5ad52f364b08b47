@testable import DepotWeb
import Testing

@Suite("depot web: HTML escaping of template values")
struct HTMLEscapingTests {
    @Test func markupIsEscapedAndControlCharactersReplaced() {
        #expect(HTMLEscaping.escape(#"<script>alert("x" & 'y')</script>"#) == "&lt;script&gt;alert(&quot;x&quot; &amp; &#39;y&#39;)&lt;/script&gt;")
        #expect(HTMLEscaping.escape("SN\u{1b}[31m\u{7}1\u{0}") == "SN\u{FFFD}[31m\u{FFFD}1\u{FFFD}")
        #expect(HTMLEscaping.escape("a\u{85}b\u{9f}c") == "a\u{FFFD}b\u{FFFD}c", "C1 controls")
        #expect(HTMLEscaping.escape("line one\nline\ttwo") == "line one\nline\ttwo")
    }

    @Test func otherTextIsUntouched() {
        for text in ["Łódź", "Müller GmbH", "¢ £ ¥ ©", "東京 ディスク", "plain ASCII 123", ""] {
            #expect(HTMLEscaping.escape(text) == text)
        }
    }
}
