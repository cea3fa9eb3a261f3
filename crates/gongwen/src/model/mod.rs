//! The 公文 model: one concept a file.

pub mod attachment;
pub mod classification;
pub mod date;
pub mod direction;
pub mod doc_kind;
pub mod document;
pub mod element;
pub mod heading;
pub mod issuing_number;
pub mod paragraph;
pub mod printing;
pub mod span;
pub mod urgency;

pub use attachment::{Attachment, AttachmentItem, AttachmentNote};
pub use classification::{Classification, ClassificationError, SecrecyLevel, SecrecyPeriod};
pub use date::{ChineseDate, DateDeviation, DateError};
pub use direction::Direction;
pub use doc_kind::{DocKind, UnknownDocKind};
pub use document::{Document, Title};
pub use element::ElementKind;
pub use heading::{Heading, HeadingLevel, MarkerProblem};
pub use issuing_number::{IssuingNumber, IssuingNumberError};
pub use paragraph::{Paragraph, Table, TableRow};
pub use printing::Printing;
pub use span::{Field, SourceRef, Span};
pub use urgency::{Urgency, UrgencyError};
