//! Errors as pages: a short Chinese explanation and a way back.

use askama::Template;
use axum::{
    http::StatusCode,
    response::{Html, IntoResponse, Response},
};

use crate::error::AppError;

#[derive(Template)]
#[template(path = "error.html")]
struct ErrorPage<'a> {
    status: u16,
    title: &'a str,
    message: &'a str,
}

pub fn render(status: StatusCode, message: &str) -> Response {
    let title = match status.as_u16() {
        401 => "需要登录",
        403 => "没有权限",
        404 => "页面不存在",
        409 => "操作冲突",
        413 => "内容过大",
        429 => "请稍后再试",
        502 => "文件存储出错",
        503 => "暂时无法服务",
        s if s >= 500 => "系统出错",
        _ => "输入有误",
    };
    let page = ErrorPage {
        status: status.as_u16(),
        title,
        message,
    };
    let body = page.render().unwrap_or_else(|_| message.to_string());
    (status, Html(body)).into_response()
}

impl IntoResponse for AppError {
    fn into_response(self) -> Response {
        self.log_server_side();
        render(self.status(), &self.to_string())
    }
}
