//! Small scenarios for unit tests.

use super::{Allocation, Curve, FundingKind, FundingSource, Scenario, Segment, SegmentKind, Share};

/// One debt source, a fab (production) and power (hosting), yearly periods 2024–2033.
pub fn tiny() -> Scenario {
    let mut s = Scenario::template();
    s.name = "tiny".into();
    s.horizon.start_year = 2024;
    s.horizon.end_year = 2033;
    s.horizon.period = super::Period::Year;
    s.funding = vec![FundingSource::new(
        "Bonds",
        FundingKind::Debt {
            rate: 0.05,
            tenor_years: 10.0,
            grace_years: 2.0,
        },
        Curve::Constant(100.0),
    )];
    let mut fab = Segment::new("Fabs", SegmentKind::Fab, "wafers/month", 10.0);
    fab.lead_time_years = 2.0;
    let power = Segment::new("Power", SegmentKind::Power, "MW", 10.0);
    s.segments = vec![fab, power];
    s.allocation = Allocation::Shares(vec![
        Share {
            segment: "Fabs".into(),
            share: Curve::Constant(0.5),
        },
        Share {
            segment: "Power".into(),
            share: Curve::Constant(0.5),
        },
    ]);
    s.chain.production.truncate(1);
    s.chain.hosting.truncate(1);
    s.chain.hosting[0].segment = "Power".into();
    s
}
