//! Files the pages hand out that are made on the spot, such as Excel exports.

use axum::{
    http::{StatusCode, header},
    response::{IntoResponse, Response},
};

const XLSX: &str = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

/// An Excel workbook saved under its Chinese name.
pub fn xlsx(file_name: &str, bytes: Vec<u8>) -> Response {
    (
        StatusCode::OK,
        [
            (header::CONTENT_TYPE, XLSX.to_string()),
            (
                header::CONTENT_DISPOSITION,
                crate::attach::disposition::header(false, file_name),
            ),
        ],
        bytes,
    )
        .into_response()
}
