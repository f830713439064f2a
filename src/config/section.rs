//! A gate's `[gates.<id>]` section, as config composes it without knowing
//! the gate: the gate's folder declares the section (its raw form, its
//! validation, its typed settings, its template and the origin of each
//! value) by implementing [`Section`], the registry lists it as a
//! [`SectionKind`], and [`super::load_with`] reads every listed section.
//!
//! Config sits below the gates (their rules read [`super::Settings`]), so
//! it never names one: the registry is handed in as data ([`Registry`]).

use std::any::Any;
use std::fmt::Debug;

use serde::de::DeserializeOwned;

use super::native::ToolConfig;
use super::problem::Problems;
use super::promethean::PrometheanConfig;
use super::raw::{GateTables, RawSection, ReadSection};
use super::sources::Sources;
use super::statuses::Statuses;
use super::template::Template;
use super::workflow::Workflow;
use crate::task::Vocabulary;

/// A gate's validated section, as the commands that show or write settings
/// see every section alike: `gate config` prints
/// [`effective`](GateSection::effective), `gate init` writes
/// [`template`](GateSection::template), and the registry runs the gate
/// when it is [`enabled`](GateSection::enabled).
pub(crate) trait GateSection: Any + Debug + Send + Sync {
    fn id(&self) -> &'static str;
    fn enabled(&self) -> bool;
    /// The section as a document in gate.toml's shape.
    fn effective(&self) -> serde_json::Result<serde_json::Value>;
    /// The section as gate.toml text, `[gates.<id>]` first, commented.
    fn template(&self, t: &Template<'_>) -> String;
    /// A copy, for [`Clone`] of the settings.
    fn clone_box(&self) -> Box<dyn GateSection>;
    /// The most commits a walk of the history may read for this gate, when
    /// it reads history (`gate ci`'s range is bounded by the largest).
    fn history_limit(&self) -> Option<usize> {
        None
    }
}

impl Clone for Box<dyn GateSection> {
    fn clone(&self) -> Self {
        self.clone_box()
    }
}

/// The board's shared facts a section is validated against: every gate
/// sees these, and only these, besides its own section.
pub(crate) struct Shared<'a> {
    pub(crate) promethean: Option<&'a PrometheanConfig>,
    /// The board tool's own config, when there is one.
    pub(crate) tool: Option<&'a ToolConfig>,
    pub(crate) statuses: &'a Statuses,
    /// The transitions between them.
    pub(crate) workflow: &'a Workflow,
    /// The board's statuses come from the tool's file.
    pub(crate) statuses_from_tool: bool,
    pub(crate) vocab: &'a Vocabulary,
}

/// A gate's settings: what its folder declares for config to read them.
pub(crate) trait Section: GateSection + Sized {
    /// The gate's id: its `[gates.<id>]` section.
    const ID: &'static str;
    /// The section as written (`deny_unknown_fields`).
    type Raw: DeserializeOwned + 'static;
    /// Validates the section (`None`: not in the file), pushing every
    /// problem it finds and recording where each value came from; returns
    /// settings either way (they count only without problems).
    fn validate(
        raw: Option<Self::Raw>,
        shared: &Shared<'_>,
        sources: &mut Sources,
        problems: &mut Problems,
    ) -> Self;
}

/// A section as the registry lists it: its id and how to read it.
#[derive(Clone, Copy)]
pub(crate) struct SectionKind {
    pub(crate) id: &'static str,
    read: ReadSection,
    validate: Validate,
}

/// How a raw section (boxed) becomes a gate's settings.
type Validate =
    fn(Option<Box<dyn Any>>, &Shared<'_>, &mut Sources, &mut Problems) -> Box<dyn GateSection>;

impl SectionKind {
    /// The section of settings type `S`.
    pub(crate) const fn of<S: Section>() -> SectionKind {
        SectionKind {
            id: S::ID,
            read: read_as::<S::Raw>,
            validate: validate_as::<S>,
        }
    }

    pub(crate) fn validate(
        &self,
        raw: Option<Box<dyn Any>>,
        shared: &Shared<'_>,
        sources: &mut Sources,
        problems: &mut Problems,
    ) -> Box<dyn GateSection> {
        (self.validate)(raw, shared, sources, problems)
    }
}

impl Debug for SectionKind {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("SectionKind")
            .field("id", &self.id)
            .finish_non_exhaustive()
    }
}

fn read_as<T: DeserializeOwned + 'static>(
    raw: RawSection<'_, '_>,
    problems: &mut Problems,
) -> Option<Box<dyn Any>> {
    raw.read::<T>(problems).map(|t| Box::new(t) as Box<dyn Any>)
}

fn validate_as<S: Section>(
    raw: Option<Box<dyn Any>>,
    shared: &Shared<'_>,
    sources: &mut Sources,
    problems: &mut Problems,
) -> Box<dyn GateSection> {
    let raw = raw.and_then(|r| r.downcast::<S::Raw>().ok()).map(|r| *r);
    Box::new(S::validate(raw, shared, sources, problems))
}

/// The gates' sections config reads, in the order the gates run: built by
/// `gates::REGISTRY` from its one list. [`Registry::NONE`] reads none (the
/// board's shared settings alone).
#[derive(Clone, Copy, Debug)]
pub(crate) struct Registry {
    /// Every gate's id (`overrides.allowed` defaults to them).
    pub(crate) ids: &'static [&'static str],
    pub(crate) sections: &'static [SectionKind],
}

impl Registry {
    pub(crate) const NONE: Registry = Registry {
        ids: &[],
        sections: &[],
    };
}

/// What [`super::raw::parse_toml`] needs of a registry: its ids and the
/// reading of each section.
pub(crate) struct Tables {
    ids: &'static [&'static str],
    read: Vec<(&'static str, ReadSection)>,
}

impl Tables {
    pub(crate) fn tables(&self) -> GateTables<'_> {
        GateTables {
            ids: self.ids,
            read: &self.read,
        }
    }
}

/// The tables of `registry`'s sections.
pub(crate) fn tables(registry: &Registry) -> Tables {
    Tables {
        ids: registry.ids,
        read: registry.sections.iter().map(|k| (k.id, k.read)).collect(),
    }
}

/// The validated sections of the registry's gates, in its order.
#[derive(Clone, Debug, Default)]
pub(crate) struct GateSettings {
    sections: Vec<Box<dyn GateSection>>,
}

impl GateSettings {
    pub(crate) fn new(sections: Vec<Box<dyn GateSection>>) -> Self {
        GateSettings { sections }
    }

    /// Every section, in the registry's order.
    pub(crate) fn iter(&self) -> impl Iterator<Item = &dyn GateSection> {
        self.sections.iter().map(AsRef::as_ref)
    }

    /// The section of gate `id`.
    pub(crate) fn get(&self, id: &str) -> Option<&dyn GateSection> {
        self.iter().find(|s| s.id() == id)
    }

    /// The settings of type `S`, when the registry has its gate.
    pub(crate) fn of<S: Section>(&self) -> Option<&S> {
        self.get(S::ID).and_then(|s| (s as &dyn Any).downcast_ref())
    }

    /// [`GateSettings::of`], to change (tests).
    #[cfg(test)]
    pub(crate) fn of_mut<S: Section>(&mut self) -> Option<&mut S> {
        self.sections
            .iter_mut()
            .find(|s| s.id() == S::ID)
            .and_then(|s| (s.as_mut() as &mut dyn Any).downcast_mut())
    }
}
