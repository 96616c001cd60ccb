import Analysis
import Inspection
import Testing

@Suite("Judging one measurement")
struct MetricJudgementTests {
    func judge(_ value: Double, u: Double? = nil, _ limit: ToleranceLimit?) -> MetricJudgement {
        MetricJudgement(measurement: Measurement(.canOuterDiameter, value, unit: "mm", uncertainty: u), limit: limit, stage: "t")
    }

    @Test("two-sided: margin to the nearest limit, near-limit from the uncertainty")
    func twoSided() {
        let limit = ToleranceLimit(lower: 17.8, upper: 18.2)
        // 18.19: 0.01 below upper; u = 0.02 ≥ 0.01 → near the limit, still a pass.
        let near = judge(18.19, u: 0.02, limit)
        #expect(near.pass == true && near.nearLimit)
        #expect(abs(near.margin! - 0.01) < 1e-12)
        // 18.0: 0.2 from both limits; u = 0.02 < 0.2 → not near.
        let centre = judge(18.0, u: 0.02, limit)
        #expect(centre.pass == true && !centre.nearLimit && abs(centre.margin! - 0.2) < 1e-12)
        // 17.7: 0.1 below lower → fail, margin −0.1.
        let low = judge(17.7, limit)
        #expect(low.pass == false && abs(low.margin! + 0.1) < 1e-12)
        #expect(low.failureDescription == "can.outer_diameter_mm = 17.7 mm < lower 17.8 mm by 0.1 mm")
        // Exactly on a limit passes with margin 0.
        #expect(judge(18.2, limit).pass == true && judge(18.2, limit).margin == 0)
    }

    @Test("guard band flags values close to a limit without failing them")
    func guardBand() {
        let limit = ToleranceLimit(lower: 0.22, upper: 0.28, guardBand: 0.01)
        #expect(judge(0.225, limit).nearLimit && judge(0.225, limit).pass == true)   // 0.005 inside
        #expect(!judge(0.25, limit).nearLimit)                                       // 0.03 inside
        #expect(judge(0.215, limit).nearLimit && judge(0.215, limit).pass == false)  // 0.005 outside
    }

    @Test("no limit: recorded, not judged")
    func unjudged() {
        let j = judge(18.0, nil)
        #expect(j.pass == nil && j.margin == nil && !j.nearLimit && j.limitText == "—")
        #expect(judge(1, ToleranceLimit(upper: 0)).limitText == "≤ 0 mm")
    }
}
