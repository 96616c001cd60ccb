import Analysis
import Testing

/// The gate's one table (`QualityRule.all`): the words, codes and sides of the
/// limits every INVALID reason of the gate comes from.
@Suite("Quality gate: one table")
struct QualityRuleTests {
    @Test("one rule per quality metric, each with its own stable quality.* code, in the order reasons are listed")
    func table() {
        #expect(
            QualityRule.all.map(\.metric) == [
                .qualitySNR, .qualityTilt, .qualityCupping, .qualityEdgeWidth,
                .qualityStreakIndex,
            ])
        #expect(
            QualityRule.all.map(\.code) == [
                "quality.layer_cnr", "quality.tilt_deg", "quality.cupping",
                "quality.edge_width_px", "quality.streak_index",
            ])
        #expect(QualityRule.all.map(\.metric).allSatisfy { MetricID.all.contains($0) })
    }

    @Test("layer CNR below the limit: the production wording, with its code")
    func lowCNR() throws {
        let check = try #require(QualityRule.rule(for: .qualitySNR)?.check(4.4, thresholds: QualityThresholds()))
        #expect(!check.passed)
        #expect(check.code == "quality.layer_cnr")
        #expect(check.value == 4.4 && check.limit == 5.0)
        #expect(
            check.reason
                == "layer CNR 4.4 < 5.0: electrode layers are not separable; rescan with longer exposure or more projections"
        )
        #expect(QualityRule.rule(for: .qualitySNR)?.check(5.0, thresholds: QualityThresholds())?.passed == true)
    }

    @Test("tilt and cupping are judged on their magnitude; cupping reads in per cent")
    func magnitudes() throws {
        let t = QualityThresholds(maxCupping: 0.15)
        let cupping = try #require(QualityRule.rule(for: .qualityCupping)?.check(-0.2, thresholds: t))
        #expect(cupping.value == 0.2 && !cupping.passed)
        #expect(
            cupping.reason
                == "cupping 20.0% > 15.0%: beam hardening; rescan with a beam filter or apply beam-hardening correction"
        )
        let tilt = try #require(QualityRule.rule(for: .qualityTilt)?.check(-2.3, thresholds: t))
        #expect(tilt.reason == "tilt 2.3° > 1.0°: remount the cell in the holder and rescan")
        #expect(QualityRule.rule(for: .qualityTilt)?.check(-0.9, thresholds: t)?.passed == true)
        let edge = try #require(QualityRule.rule(for: .qualityEdgeWidth)?.check(3.44, thresholds: t))
        #expect(
            edge.reason
                == "can edge width 3.4 px > 3.0 px: blurred scan (motion or focal spot); fix the cell firmly and rescan"
        )
    }

    @Test("not measured: INVALID for layer CNR, cupping and edge width; tilt and streaks are then not judged")
    func notMeasured() throws {
        let t = QualityThresholds()
        let cnr = try #require(QualityRule.rule(for: .qualitySNR)?.check(nil, thresholds: t))
        #expect(!cnr.passed && cnr.code == "quality.layer_cnr" && cnr.value == nil)
        #expect(cnr.reason.hasPrefix("quality.snr could not be measured: no slice shows a can with wound layers"))
        #expect(QualityRule.rule(for: .qualityTilt)?.check(nil, thresholds: t) == nil)
        #expect(QualityRule.rule(for: .qualityStreakIndex)?.check(nil, thresholds: t) == nil)
    }

    @Test("an unset limit passes every measured value; failedChecks keeps only the failures, in the given order")
    func unsetLimitAndFailures() {
        let t = QualityThresholds(maxTiltDeg: nil)
        #expect(QualityRule.rule(for: .qualityTilt)?.check(40, thresholds: t)?.passed == true)
        let failed = QualityThresholds().failedChecks(in: [
            Measurement(.qualityStreakIndex, 2.5, unit: "1"), Measurement(.qualitySNR, 12, unit: "1"),
            Measurement(.qualityTilt, 1.6, unit: "deg"), Measurement(.canMaxDent, 9, unit: "mm"),
        ])
        #expect(failed.map(\.code) == ["quality.streak_index", "quality.tilt_deg"])
        #expect(
            failed.map(\.reason) == [
                "streak index 2.5 > 2.0: under-sampled reconstruction (too few projections); rescan with more projections",
                "tilt 1.6° > 1.0°: remount the cell in the holder and rescan",
            ])
    }
}
