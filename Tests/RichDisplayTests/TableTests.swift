import JSONValues
import Testing
@testable import RichDisplay

@Suite struct TableTests {
    let table = Table(title: "Layers",
                      columns: [Table.Column("layer"), Table.Column("output"), Table.Column("params", alignment: .right)],
                      rows: [["conv1d", "(96, 8)", "248"], ["dense", "(4)", "68"]],
                      footer: [["total", "", "316"]],
                      caption: "int8 after quantize")

    @Test func plainTextAlignsColumnsUnderARule() {
        #expect(table.plainText == """
            Layers
            layer   output   params
            ------  -------  ------
            conv1d  (96, 8)     248
            dense   (4)          68
            ------  -------  ------
            total               316
            int8 after quantize
            """)
    }

    @Test func plainTextWithoutTitleOrFooter() {
        let plain = Table(columns: [Table.Column("k"), Table.Column("value", alignment: .right)],
                          rows: [["a", "1"], ["bbb", "22"]])
        #expect(plain.plainText == "k    value\n---  -----\na        1\nbbb     22")
    }

    @Test func htmlEscapesCellsAndUsesTableSections() {
        let html = Table(title: "<b>", columns: [Table.Column("a & b")], rows: [["x < y"], ["\"q\""]]).html
        #expect(html.hasPrefix("<table"))
        #expect(html.contains("&lt;b&gt;"))
        #expect(html.contains("a &amp; b"))
        #expect(html.contains("x &lt; y"))
        #expect(html.contains("&quot;q&quot;"))
        #expect(!html.contains("x < y"))
        #expect(html.contains("<thead>") && html.contains("<tbody>"))
        #expect(!html.contains("<tfoot>"))
    }

    @Test func htmlKeepsFooterAlignmentAndCaption() {
        let html = table.html
        #expect(html.contains("<tfoot>"))
        #expect(html.contains("text-align:right;\">248</td>"))
        #expect(html.contains("int8 after quantize"))
        #expect(html.components(separatedBy: "<tr").count - 1 == 4)
    }

    @Test func shortAndLongRowsKeepEveryCell() {
        let ragged = Table(columns: [Table.Column("a"), Table.Column("b")], rows: [["1"], ["1", "2", "3"]])
        #expect(ragged.plainText == "a  b\n-  -  -\n1\n1  2  3")
    }

    @Test func bundleHasTextAndHTMLAndOptionalJSON() {
        let bundle = table.mimeBundle(json: ["params": 316])
        #expect(Set(bundle.data.keys) == [MimeType.plainText, MimeType.html, MimeType.moteJSON])
        #expect(bundle.plainText == table.plainText)
        #expect(Set(table.mimeBundle().data.keys) == [MimeType.plainText, MimeType.html])
    }
}

@Suite struct LogoTests {
    @Test(arguments: [32, 64])
    func logoIsASquarePNGOfTheAskedSize(_ size: Int) throws {
        let pixels = try #require(pngSize(try Logo.png(size: size)))
        #expect(pixels.width == size && pixels.height == size)
        #expect(try Logo.png(size: size) == Logo.png(size: size))
    }
}
