//! The plot tabs: their titles, descriptions and short names. Its own module so that the
//! commands ([`super::command`]) name a tab without importing the plots, which import the
//! commands.

/// Environment variable naming the tab shown at start ([`PlotTab::slug`]), e.g. for
/// screenshots of one tab: `BUILDOUT_PLOT_TAB=binding buildout --screenshot binding.png`.
pub const TAB_ENV: &str = "BUILDOUT_PLOT_TAB";

/// One plot tab.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PlotTab {
    Capacity,
    Sources,
    Money,
    Segments,
    Binding,
    UnitCost,
    Demand,
    Limits,
    Uncertainty,
    Sensitivity,
    Compare,
}

impl PlotTab {
    pub const ALL: [Self; 11] = [
        Self::Capacity,
        Self::Sources,
        Self::Money,
        Self::Segments,
        Self::Binding,
        Self::UnitCost,
        Self::Demand,
        Self::Limits,
        Self::Uncertainty,
        Self::Sensitivity,
        Self::Compare,
    ];

    /// The tab's title.
    pub fn label(self) -> &'static str {
        match self {
            Self::Capacity => "Capacity vs capital",
            Self::Sources => "Capital by source",
            Self::Money => "Sources and uses",
            Self::Segments => "Segments",
            Self::Binding => "Binding link",
            Self::UnitCost => "Unit cost",
            Self::Demand => "Demand vs supply",
            Self::Limits => "Macro limits",
            Self::Uncertainty => "Uncertainty",
            Self::Sensitivity => "Sensitivity",
            Self::Compare => "Compare",
        }
    }

    /// What the tab shows, for its tooltip.
    pub fn description(self) -> &'static str {
        match self {
            Self::Capacity => {
                "Cumulative funding drawn and capital spent against delivered compute, the \
                 fleet or one segment's capacity"
            }
            Self::Sources => "Funding drawn per source (stacked), with treasury and debt",
            Self::Money => {
                "Where the money came from (funding, revenue) and where it went (capital, opex, \
                 debt service, cash left): totals that add up, and the flows per year"
            }
            Self::Segments => "Capital spent per segment (stacked) and each segment's capacity",
            Self::Binding => {
                "Which link of the chain limits the accelerators installed, period by period"
            }
            Self::UnitCost => "Unit capital cost per segment over time (learning curves)",
            Self::Demand => "Delivered compute against demand; idle output and stranded fleet",
            Self::Limits => "The plan's yearly draws as a share of each macro benchmark",
            Self::Uncertainty => {
                "Monte Carlo over the uncertain numbers: fan chart of any series, distribution \
                 of a KPI"
            }
            Self::Sensitivity => {
                "Tornado chart: how far each uncertain number moves a KPI; goal seek"
            }
            Self::Compare => {
                "Open scenarios overlaid, the parameters that differ and when outcomes part ways"
            }
        }
    }

    /// A short name for [`TAB_ENV`]: `capacity`, `sources`, `sources-uses`, `segments`, `binding`,
    /// `unit-cost`, `demand`, `limits`, `uncertainty`, `sensitivity`, `compare`.
    pub fn slug(self) -> &'static str {
        match self {
            Self::Capacity => "capacity",
            Self::Sources => "sources",
            Self::Money => "sources-uses",
            Self::Segments => "segments",
            Self::Binding => "binding",
            Self::UnitCost => "unit-cost",
            Self::Demand => "demand",
            Self::Limits => "limits",
            Self::Uncertainty => "uncertainty",
            Self::Sensitivity => "sensitivity",
            Self::Compare => "compare",
        }
    }

    /// Whether the tab shows results of the background analysis (a `--screenshot` of it waits
    /// for them).
    pub fn shows_analysis(self) -> bool {
        matches!(self, Self::Uncertainty | Self::Sensitivity | Self::Binding)
    }

    /// The tab called `slug` (see [`Self::slug`]).
    pub fn from_slug(slug: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|t| t.slug() == slug.trim())
    }
}

impl Default for PlotTab {
    /// The first tab, or the one named by [`TAB_ENV`].
    fn default() -> Self {
        std::env::var(TAB_ENV)
            .ok()
            .and_then(|s| Self::from_slug(&s))
            .unwrap_or(Self::Capacity)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tabs_have_distinct_labels_and_slugs() {
        for (k, t) in PlotTab::ALL.iter().enumerate() {
            assert_eq!(PlotTab::from_slug(t.slug()), Some(*t));
            for u in &PlotTab::ALL[k + 1..] {
                assert_ne!(t.label(), u.label());
                assert_ne!(t.slug(), u.slug());
            }
        }
        assert_eq!(PlotTab::from_slug(" unit-cost\n"), Some(PlotTab::UnitCost));
        assert_eq!(PlotTab::from_slug("nope"), None);
    }
}
