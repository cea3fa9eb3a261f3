//! The list's 按部门 view: how many of the listed tasks each 责任部门 has open, waiting for
//! review, overdue and closed, for a leader to see at a glance where things stall.

use super::model::{State, Task};

pub struct DepartmentCount {
    pub department_id: i64,
    pub department: String,
    pub handling: usize,
    pub reviewing: usize,
    pub overdue: usize,
    pub closed: usize,
}

/// Departments in the order they first appear in `tasks` (the list's own order).
pub fn by_department(tasks: &[Task]) -> Vec<DepartmentCount> {
    let mut out: Vec<DepartmentCount> = Vec::new();
    for t in tasks {
        let i = match out.iter().position(|d| d.department_id == t.department_id) {
            Some(i) => i,
            None => {
                out.push(DepartmentCount {
                    department_id: t.department_id,
                    department: t.department_name.clone(),
                    handling: 0,
                    reviewing: 0,
                    overdue: 0,
                    closed: 0,
                });
                out.len() - 1
            }
        };
        let d = &mut out[i];
        match t.state {
            State::Handling => d.handling += 1,
            State::Reviewing => d.reviewing += 1,
            State::Closed => d.closed += 1,
            State::Terminated => {}
        }
        if t.overdue {
            d.overdue += 1;
        }
    }
    out
}
