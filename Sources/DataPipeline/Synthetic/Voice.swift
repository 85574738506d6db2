import TensorEngine

/// One speaker's voice for one clip.
struct Speaker {
    let pitch: Double
    let formantScale: Double
    let pace: Double
    let loudness: Double

    init(using generator: inout SeededGenerator) {
        pitch = generator.uniform(85, 255)
        formantScale = generator.uniform(0.87, 1.13)
        pace = generator.uniform(0.75, 1.35)
        loudness = generator.uniform(0.1, 0.8)
    }

    /// Adds the spoken word to `clip`, at a random position where it fits (cut if it cannot).
    func say(_ word: [Phoneme], into clip: inout [Double], rate: Double, using generator: inout SeededGenerator) {
        let durations = word.map { $0.duration * pace * generator.uniform(0.85, 1.15) }
        let total = Int((durations.reduce(0, +) * rate).rounded())
        let start = generator.nextInt(upperBound: max(1, clip.count - total))
        var voice = Voice(rate: rate, pitch: pitch, formantScale: formantScale)
        var output = [Double]()
        output.reserveCapacity(total)
        for (index, phoneme) in word.enumerated() {
            let next = index + 1 < word.count ? word[index + 1] : nil
            voice.render(phoneme, next: next, seconds: durations[index], into: &output, using: &generator)
        }
        let peak = output.reduce(0) { max($0, abs($1)) }
        guard peak > 0 else { return }
        let gain = loudness / peak
        for (offset, value) in output.enumerated() where start + offset < clip.count {
            clip[start + offset] += gain * value
        }
    }
}

/// The synthesiser's state: glottal source phase, formant filters and noise filters.
struct Voice {
    let rate: Double
    let pitch: Double
    let formantScale: Double
    private var phase = 0.0
    private var formants: [Resonator]
    private var current: (Double, Double, Double)
    private var time = 0.0

    init(rate: Double, pitch: Double, formantScale: Double) {
        self.rate = rate
        self.pitch = pitch
        self.formantScale = formantScale
        current = (500, 1500, 2500)
        formants = [500.0, 1500, 2500].map { Resonator(frequency: $0, bandwidth: 100, rate: rate) }
    }

    /// Appends `seconds` of `phoneme`, gliding the formants towards the next segment's.
    mutating func render(_ phoneme: Phoneme, next: Phoneme?, seconds: Double, into output: inout [Double],
                         using generator: inout SeededGenerator) {
        let count = max(1, Int((seconds * rate).rounded()))
        let fade = max(1, Int(0.01 * rate))
        var hiss = Resonator(frequency: phoneme.noiseBand.centre, bandwidth: phoneme.noiseBand.width, rate: rate)
        var hiss2 = Resonator(frequency: phoneme.noiseBand.centre, bandwidth: phoneme.noiseBand.width, rate: rate)
        let target = phoneme.formants ?? next?.formants ?? current
        let start = current
        let block = 32
        for index in 0..<count {
            if index % block == 0 {
                // Coarticulation: reach the target in the first 40 % of the segment.
                let t = min(1, Double(index) / (0.4 * Double(count)))
                current = (start.0 + (target.0 - start.0) * t, start.1 + (target.1 - start.1) * t,
                           start.2 + (target.2 - start.2) * t)
                let centres = [current.0, current.1, current.2]
                for f in 0..<3 {
                    formants[f].tune(frequency: centres[f] * formantScale, bandwidth: 60 + 30 * Double(f) + 0.05 * centres[f],
                                     rate: rate)
                }
            }
            // The glottal source: a pulse per period (pitch falls 15 % over a second, with jitter).
            var source = 0.0
            if phoneme.voicing > 0 {
                let f0 = pitch * (1 - 0.15 * min(time, 1)) * (1 + 0.01 * Double(generator.nextNormal()))
                phase += f0 / rate
                if phase >= 1 {
                    phase -= 1
                    source = 1
                }
                source = (source - f0 / rate) * phoneme.voicing
            }
            let voiced = formants[0](source) + 0.6 * formants[1](source) + 0.3 * formants[2](source)
            let white = Double(generator.nextNormal())
            let unvoiced = phoneme.frication > 0 ? phoneme.frication * hiss2(hiss(white)) * 4 : 0
            let envelope = min(1, Double(min(index, count - 1 - index) + 1) / Double(fade))
            output.append(envelope * (voiced * 30 + unvoiced))
            time += 1 / rate
        }
    }
}
