import Foundation

/// A matrix drawn as coloured cells, with row and column labels and a colour bar.
struct HeatmapPlot {
    var matrix: [[Double]]
    var rowLabels: [String]?
    var columnLabels: [String]?
    var annotate: Bool
    var xLabel: String?
    var yLabel: String?

    /// The most a small matrix's cells may depart from square (width to height, either way).
    static let maximumCellAspect = 1.3

    /// Beyond this many cells along a side, blocks of cells are averaged for drawing.
    static let maximumCellsPerSide = 80

    func draw(in area: Rect, on canvas: Canvas) {
        let rows = matrix.count
        let columns = matrix.map(\.count).max() ?? 0
        let cell: (Int, Int) -> Double = { r, c in c < matrix[r].count ? matrix[r][c] : .nan }
        var lo = Double.infinity, hi = -Double.infinity
        for row in matrix { for v in row where v.isFinite { lo = min(lo, v); hi = max(hi, v) } }
        if lo > hi { lo = 0; hi = 1 }
        if Axes.isFlat(lo, hi) { (lo, hi) = Axes.domain(of: [lo / 2 + hi / 2], padding: 0) }

        let tickLine = Axes.lineHeight(.tick)
        let labelLine = Axes.lineHeight(.label)
        canvas.setFont(.tick)

        // Colour bar on the right: its tick labels fix its width.
        let barWidth = 14.0
        let colorTicks = Axes.fittedScale(lower: lo, upper: hi, length: max(40, area.height - 60), integerOnly: false,
                                          pixelsPerTick: 64, minimumGap: 6) { _ in tickLine }
        let colorLabelWidth = colorTicks.labels.map { canvas.width(of: $0) }.max() ?? 0
        let colorBarRoom = 18 + barWidth + 4 + Axes.tickGap + colorLabelWidth

        // Labels: given names, or indices when there are none.
        let rowNames = labels(rowLabels, count: rows)
        let columnNames = labels(columnLabels, count: columns)
        let rowNameMax = area.width * 0.28
        let fittedRows = rowNames.map { canvas.fitted($0, maxWidth: rowNameMax) }
        let rowNameWidth = fittedRows.map { canvas.width(of: $0) }.max() ?? 0
        let left = (yLabel == nil ? 0 : labelLine + 4) + rowNameWidth + Axes.tickGap
        let available = Rect(x: area.x + left, y: area.y + tickLine / 2,
                             width: max(10, area.width - left - colorBarRoom), height: 0)

        // Column labels run horizontally when they fit their cells, otherwise they stand on end.
        let columnWidths = columnNames.map { canvas.width(of: $0) }
        let cellGuess = columns == 0 ? available.width : available.width / Double(columns)
        let upright = (columnWidths.max() ?? 0) + 4 > cellGuess * Double(labelStride(count: columns, space: cellGuess, extent: columnWidths.max() ?? 0))
        let fittedColumns = upright ? columnNames.map { canvas.fitted($0, maxWidth: 90) } : columnNames
        let columnLabelHeight = upright ? (fittedColumns.map { canvas.width(of: $0) }.max() ?? 0) : tickLine
        let bottom = Axes.tickGap + columnLabelHeight + (xLabel == nil ? 0 : labelLine + 6)

        var grid = Rect(x: available.x, y: available.y, width: available.width,
                        height: max(10, area.maxY - bottom - available.y))
        // Near-square cells while the matrix is small enough for single cells to matter (confusion
        // matrices); the grid and its colour bar are then centred in the space left over.
        if rows > 0, columns > 0, max(rows, columns) <= 40 {
            var cellWidth = grid.width / Double(columns), cellHeight = grid.height / Double(rows)
            cellWidth = min(cellWidth, cellHeight * Self.maximumCellAspect)
            cellHeight = min(cellHeight, cellWidth * Self.maximumCellAspect)
            let width = cellWidth * Double(columns), height = cellHeight * Double(rows)
            grid = Rect(x: grid.x + (grid.width - width) / 2, y: grid.y + (grid.height - height) / 2, width: width, height: height)
        }

        canvas.setFont(.label)
        canvas.setColor(.text)
        if let yLabel {
            Axes.drawVertical(canvas.fitted(yLabel, maxWidth: grid.height), x: area.x + labelLine / 2, y: grid.midY, on: canvas)
        }
        if let xLabel {
            canvas.drawText(canvas.fitted(xLabel, maxWidth: grid.width), x: grid.midX,
                            y: grid.maxY + Axes.tickGap + columnLabelHeight + 6 + labelLine / 2, horizontal: .center)
        }
        guard rows > 0, columns > 0 else {
            Axes.drawNoData(in: grid, on: canvas)
            return
        }

        drawCells(rows: rows, columns: columns, cell: cell, lo: lo, hi: hi, grid: grid, on: canvas)

        // Row and column labels.
        canvas.setFont(.tick)
        canvas.setColor(.text)
        let cellHeight = grid.height / Double(rows), cellWidth = grid.width / Double(columns)
        let rowStride = labelStride(count: rows, space: cellHeight, extent: tickLine)
        for r in labelledPositions(rowNames, stride: rowStride) {
            canvas.drawText(fittedRows[r], x: grid.x - Axes.tickGap, y: grid.y + cellHeight * (Double(r) + 0.5), horizontal: .right)
        }
        let columnStride = upright ? labelStride(count: columns, space: cellWidth, extent: tickLine)
            : labelStride(count: columns, space: cellWidth, extent: (columnWidths.max() ?? 0) + 8)
        for c in labelledPositions(columnNames, stride: columnStride) {
            let x = grid.x + cellWidth * (Double(c) + 0.5)
            if upright {
                canvas.save()
                canvas.translate(x, grid.maxY + Axes.tickGap)
                canvas.rotate(-Double.pi / 2)
                canvas.drawText(fittedColumns[c], x: 0, y: 0, horizontal: .right)
                canvas.restore()
            } else {
                canvas.drawText(fittedColumns[c], x: x, y: grid.maxY + Axes.tickGap + tickLine / 2, horizontal: .center)
            }
        }

        drawColorBar(Rect(x: grid.maxX + 18, y: grid.y, width: barWidth, height: grid.height),
                     ticks: colorTicks, lo: lo, hi: hi, on: canvas)
    }

    /// The names to show along an axis: the given ones (padded with indices), or 0, 1, 2, …
    private func labels(_ given: [String]?, count: Int) -> [String] {
        (0..<count).map { i in
            if let given, i < given.count { return given[i] }
            return String(i)
        }
    }

    /// The rows or columns to label when only every `stride`-th fits: those whose labels are whole
    /// multiples of the stride when every label is a whole number (so an axis numbered from the
    /// bottom up still reads 0, 5, 10), otherwise every `stride`-th from the first.
    private func labelledPositions(_ names: [String], stride step: Int) -> [Int] {
        guard step > 1 else { return Array(names.indices) }
        let numbers = names.compactMap { Int($0) }
        if numbers.count == names.count { return names.indices.filter { numbers[$0] % step == 0 } }
        return Array(stride(from: 0, to: names.count, by: step))
    }

    /// Label every k-th row or column so labels of size `extent` fit into cells of size `space`.
    private func labelStride(count: Int, space: Double, extent: Double) -> Int {
        guard space > 0 else { return max(1, count) }
        let raw = Int((extent / space).rounded(.up))
        if raw <= 1 { return 1 }
        // Round up to a 1-2-5 stride so indices read as 0, 5, 10, …
        var stride = NiceScale.niceStep(rough: Double(raw))
        if stride < Double(raw) { stride = NiceScale.niceStep(rough: stride * 2.5) }
        return Int(stride)
    }

    private func drawCells(rows: Int, columns: Int, cell: (Int, Int) -> Double, lo: Double, hi: Double, grid: Rect,
                           on canvas: Canvas) {
        // Blocks of cells are averaged when the matrix has more cells than the picture has room for.
        let rowBlock = (rows + Self.maximumCellsPerSide - 1) / Self.maximumCellsPerSide
        let columnBlock = (columns + Self.maximumCellsPerSide - 1) / Self.maximumCellsPerSide
        let drawnRows = (rows + rowBlock - 1) / rowBlock, drawnColumns = (columns + columnBlock - 1) / columnBlock
        // Edges on the device-pixel grid, shared by neighbours, so no seams show between cells.
        let xEdges = (0...drawnColumns).map { canvas.snapped(grid.x + grid.width * Double(min(columns, $0 * columnBlock)) / Double(columns)) }
        let yEdges = (0...drawnRows).map { canvas.snapped(grid.y + grid.height * Double(min(rows, $0 * rowBlock)) / Double(rows)) }
        var values = [[Double]](repeating: [Double](repeating: .nan, count: drawnColumns), count: drawnRows)
        for br in 0..<drawnRows {
            for bc in 0..<drawnColumns {
                var sum = 0.0, n = 0
                for r in (br * rowBlock)..<min(rows, (br + 1) * rowBlock) {
                    for c in (bc * columnBlock)..<min(columns, (bc + 1) * columnBlock) {
                        let v = cell(r, c)
                        if v.isFinite { sum += v; n += 1 }
                    }
                }
                values[br][bc] = n == 0 ? .nan : sum / Double(n)
            }
        }
        // Cells are filled one colour level at a time (256 levels, finer than the eye separates), so a
        // large matrix costs one SVG path per level rather than one per cell.
        var cellsByLevel: [Int: [(Int, Int)]] = [:]
        for br in 0..<drawnRows {
            for bc in 0..<drawnColumns {
                let v = values[br][bc]
                let level = v.isFinite ? Int((min(1, max(0, (v - lo) / (hi - lo))) * 255).rounded()) : -1
                cellsByLevel[level, default: []].append((br, bc))
            }
        }
        for level in cellsByLevel.keys.sorted() {
            canvas.setColor(level < 0 ? RGB.missing : Palette.sequential(Double(level) / 255))
            for (br, bc) in cellsByLevel[level] ?? [] {
                canvas.rectangle(Rect(x: xEdges[bc], y: yEdges[br], width: xEdges[bc + 1] - xEdges[bc], height: yEdges[br + 1] - yEdges[br]))
            }
            canvas.fill()
        }
        let cellWidth = grid.width / Double(drawnColumns), cellHeight = grid.height / Double(drawnRows)
        // Thin white rules separate cells that are large enough to read one by one.
        if min(cellWidth, cellHeight) >= 14 {
            canvas.setColor(.white)
            for x in xEdges.dropFirst().dropLast() { canvas.crispLine(from: (x, grid.y), to: (x, grid.maxY), width: 1) }
            for y in yEdges.dropFirst().dropLast() { canvas.crispLine(from: (grid.x, y), to: (grid.maxX, y), width: 1) }
        }
        guard annotate, rowBlock == 1, columnBlock == 1 else { return }
        // Cells a ragged row lacks stay blank; cells holding NaN or infinity say so.
        let texts = values.indices.map { r in
            values[r].indices.map { c in c < matrix[r].count ? NumberFormat.label(matrix[r][c], digits: 3) : "" }
        }
        // One font size for every cell: the largest that fits the widest number.
        var size = min(13, cellHeight * 0.5)
        canvas.setFont(Font(size: size))
        let widest = texts.flatMap { $0 }.map { canvas.width(of: $0) }.max() ?? 0
        if widest > cellWidth - 4, widest > 0 { size *= (cellWidth - 4) / widest }
        guard size >= 6 else { return }
        canvas.setFont(Font(size: size))
        for r in 0..<drawnRows {
            for c in 0..<drawnColumns {
                let v = values[r][c]
                let fill = v.isFinite ? Palette.sequential((v - lo) / (hi - lo)) : RGB.missing
                canvas.setColor(fill.contrastingText)
                canvas.drawText(texts[r][c], x: (xEdges[c] + xEdges[c + 1]) / 2, y: (yEdges[r] + yEdges[r + 1]) / 2, horizontal: .center)
            }
        }
    }

    private func drawColorBar(_ rect: Rect, ticks: NiceScale, lo: Double, hi: Double, on canvas: Canvas) {
        // Thin horizontal strips rather than a gradient: the same output on both surfaces.
        let steps = 64
        let edges = (0...steps).map { canvas.snapped(rect.maxY - rect.height * Double($0) / Double(steps)) }
        for i in 0..<steps {
            canvas.setColor(Palette.sequential((Double(i) + 0.5) / Double(steps)))
            canvas.rectangle(Rect(x: rect.x, y: edges[i + 1], width: rect.width, height: edges[i] - edges[i + 1]))
            canvas.fill()
        }
        canvas.setColor(.axis)
        canvas.setLineWidth(1)
        canvas.rectangle(Rect(x: canvas.snapped(rect.x) + 0.5 / canvas.scale, y: canvas.snapped(rect.y) + 0.5 / canvas.scale,
                              width: canvas.snapped(rect.width) - 1 / canvas.scale, height: canvas.snapped(rect.height) - 1 / canvas.scale))
        canvas.stroke()
        let map = LinearMap(domain: (lo, hi), range: (rect.maxY, rect.y))
        canvas.setFont(.tick)
        for (tick, label) in zip(ticks.ticks, ticks.labels) {
            let y = map(tick)
            canvas.setColor(.axis)
            canvas.crispLine(from: (rect.maxX, y), to: (rect.maxX + 4, y), width: 1)
            canvas.setColor(.mutedText)
            canvas.drawText(label, x: rect.maxX + 4 + Axes.tickGap, y: y)
        }
    }
}
