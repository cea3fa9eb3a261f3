//! The one approval engine every module uses: definitions as data, instances that keep the
//! definition version they started with, tasks per step (会签 in parallel), 退回, 转办, 撤回,
//! 传阅, 终止, and every 意见 kept forever. Acting for someone (代理) is honoured throughout.

pub mod assign;
pub mod definition;
pub mod engine;
pub mod follow;
pub mod inbox;
pub mod remind;

pub use definition::{
    AssigneeRule, Condition, Definition, ReminderRule, SignMode, Starter, StepDef,
};
pub use engine::{Action, InstanceView, StartRequest, act_in, start_in};
