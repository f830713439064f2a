//! Git access: the only module that names git2 types. Read-only: it never
//! writes the index or refs of the repository it reads.
