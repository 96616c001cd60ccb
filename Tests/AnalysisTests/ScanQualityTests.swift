import Testing
import Imaging
import Phantom
@testable import Analysis

/// The quality gate against phantoms of known tilt, cupping, noise and blur.
@Suite("Scan-quality gate on phantoms")
struct ScanQualityTests {
    /// Layers the method's fixed-threshold segmentation finds: components of
    /// ≥ 64 px after opening with star(1), 8-connected.
    static func layerCount(_ image: GrayImage, threshold: Float) -> Int {
        let mask = image.map { $0 > threshold }.opened(by: .star(1))
        return Labeling(mask, connectivity: .eight).sizes.filter { $0 >= 64 }.count
    }

    static func sliceQuality(_ spec: PhantomSpec, slice z: Int = 40) throws -> SliceQuality {
        let volume = try PhantomVolume(spec: spec)
        return ScanQuality.measureSlice(try volume.slice(z), index: z, next: try volume.slice(z + 1), outlineLevel: nil)
    }

    @Test("tilt of 0.5°, 1.5° and 3° measured within 0.1°", arguments: [0.5, 1.5, 3.0])
    func tilt(degrees: Double) async throws {
        let volume = try PhantomVolume(spec: PhantomSpec.nominal.withTilt(degrees: degrees, azimuthDegrees: 30))
        let report = try await ScanQuality.analyze(volume, parameters: ScanQualityParameters(sliceStep: 3))
        let tilt = try #require(report.details.tilt)
        #expect(abs(tilt.tiltDeg - degrees) < 0.1, "measured \(tilt.tiltDeg)°")
        #expect(abs(tilt.azimuthDeg - 30) < 5, "azimuth \(tilt.azimuthDeg)°")
        let check = try #require(report.details.checks.first { $0.metric == .qualityTilt })
        #expect(check.passed == (degrees <= 1.0))
        if degrees > 1 { #expect(check.reason.contains("remount the cell")) }
        #expect(check.code == "quality.tilt_deg")
    }

    @Test("tilt respects anisotropic voxels: z step twice the pixel")
    func anisotropicTilt() async throws {
        var spec = PhantomSpec.nominal.withTilt(degrees: 1.5)
        spec.voxelSize = VoxelSize(x: 0.06, y: 0.06, z: 0.12)
        let report = try await ScanQuality.analyze(try PhantomVolume(spec: spec), parameters: ScanQualityParameters(sliceStep: 3))
        let tilt = try #require(report.details.tilt)
        #expect(abs(tilt.tiltDeg - 1.5) < 0.1, "measured \(tilt.tiltDeg)°")
    }

    @Test("cupping of known depth within 2 percentage points", arguments: [0.0, 0.1, 0.2])
    func cupping(depth: Double) throws {
        var spec = PhantomSpec.nominal
        spec.quality.cupping = depth
        let measured = try #require(try Self.sliceQuality(spec).cupping)
        #expect(abs(measured - depth) < 0.02, "measured \(measured)")
    }

    @Test("CNR falls with noise and crosses its limit where the layers stop being separable")
    func separabilityCurve() throws {
        let clean = try PhantomVolume(spec: PhantomSpec.nominal.noiseless())
        let threshold = Float(clean.truth.thresholds.electrodeReference)
        let cleanLayers = Self.layerCount(try clean.slice(40), threshold: threshold)
        let limit = QualityThresholds().minSNR!
        var previous = Double.infinity
        for sigma in [1.0, 3, 5, 7, 9, 12, 16] {
            let spec = PhantomSpec.nominal.withNoise(sigma: sigma)
            let cnr = try #require(try Self.sliceQuality(spec).cnr)
            let layers = Self.layerCount(try PhantomVolume(spec: spec).slice(40), threshold: threshold)
            #expect(cnr < previous, "CNR must fall with noise: σ \(sigma) gives \(cnr) after \(previous)")
            #expect((cnr >= limit) == (layers == cleanLayers),
                    "σ \(sigma): CNR \(cnr) vs limit \(limit), \(layers) components vs \(cleanLayers) clean")
            previous = cnr
        }
    }

    @Test("noise σ from the neighbouring slice within 5 % of the phantom's")
    func noise() throws {
        let q = try Self.sliceQuality(PhantomSpec.nominal.withNoise(sigma: 6))
        let sigma = try #require(q.noiseSigma)
        #expect(abs(sigma - 6) / 6 < 0.05, "measured \(sigma)")
    }

    @Test("a blurred scan has a wider can edge than a sharp one")
    func sharpness() throws {
        let sharp = try #require(try Self.sliceQuality(PhantomSpec.nominal).edgeWidthPx)
        var spec = PhantomSpec.nominal
        spec.quality.blurSigma = 1.5
        let blurred = try #require(try Self.sliceQuality(spec).edgeWidthPx)
        // A pixel-sampled sharp edge is about 1.3 px wide (10–90 %); a Gaussian
        // blur of σ adds about 2.56·σ in quadrature. The 5 px wall is thin, so
        // blur also lowers its peak and the quadrature rule holds only to ~20 %.
        let model = (sharp * sharp + 2.56 * 2.56 * 1.5 * 1.5).squareRoot()
        #expect(sharp < 1.6, "sharp edge \(sharp) px")
        #expect(abs(blurred - model) < 0.2 * model, "blurred \(blurred) px, model \(model) px")
        #expect(sharp <= QualityThresholds().maxEdgeWidthPx! && blurred > QualityThresholds().maxEdgeWidthPx!)
    }

    @Test("the nominal phantom passes every check; a 3° tilt makes it unmeasurable")
    func nominalPasses() async throws {
        let nominal = try await ScanQuality.analyze(try PhantomVolume(spec: .nominal), parameters: ScanQualityParameters(sliceStep: 4))
        #expect(nominal.details.measurable, "\(nominal.details.checks.filter { !$0.passed }.map(\.reason))")
        #expect(Set(nominal.measurements.map(\.id)) == [.qualitySNR, .qualityTilt, .qualityCupping, .qualityEdgeWidth, .qualityStreakIndex])
        let tilted = try await ScanQuality.analyze(try PhantomVolume(spec: PhantomSpec.nominal.withTilt(degrees: 3)),
                                                   parameters: ScanQualityParameters(sliceStep: 4))
        #expect(!tilted.details.measurable)
        #expect(tilted.details.checks.filter { !$0.passed }.map(\.metric) == [.qualityTilt])
    }
}
