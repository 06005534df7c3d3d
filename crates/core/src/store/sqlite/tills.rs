//! The shop's other tills by name (`tills`), kept from the hub's list at every pull so History
//! can name the till of a sale while offline.

use super::rows::now_text;
use crate::Result;
use rusqlite::{params, Connection};

pub(super) fn names(conn: &Connection) -> Result<Vec<(String, String)>> {
    let mut stmt = conn.prepare_cached("SELECT id, name FROM tills ORDER BY name, id")?;
    let rows = stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?.collect::<rusqlite::Result<_>>()?;
    Ok(rows)
}

/// Upserts every till but `own`, in one transaction.
pub(super) fn save(conn: &mut Connection, names: &[(String, String)], own: &str) -> Result<()> {
    let tx = conn.transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)?;
    {
        let now = now_text();
        let mut upsert = tx.prepare_cached(
            "INSERT INTO tills (id, name, seen_at) VALUES (?1, ?2, ?3) \
             ON CONFLICT (id) DO UPDATE SET name = excluded.name, seen_at = excluded.seen_at",
        )?;
        for (id, name) in names.iter().filter(|(id, _)| id != own) {
            upsert.execute(params![id, name.trim(), now])?;
        }
    }
    tx.commit()?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::super::tests::row;
    use super::super::SqliteStore;
    use crate::store::{LinkQuery, Store};

    #[test]
    fn other_tills_names_are_kept_renamed_and_a_links_till_filters_the_history() {
        let store = SqliteStore::open_in_memory().unwrap();
        let own = store.till_id().to_string();
        let mine = store.insert_link(&row("PDMINE", "a@b.com")).unwrap();
        let theirs = store.insert_link(&row("PDTHEIRS", "c@d.com")).unwrap();
        store.conn().execute("UPDATE links SET till_id = 'till-2' WHERE id = ?1", [theirs.id]).unwrap();

        store.save_till_names(&[(own.clone(), "Front".into()), ("till-2".into(), "Till 2".into())]).unwrap();
        store.save_till_names(&[("till-2".into(), " Till 2 — Back office ".into()), ("till-3".into(), "Annex".into())]).unwrap();
        assert_eq!(
            store.till_names().unwrap(),
            vec![("till-3".to_string(), "Annex".to_string()), ("till-2".to_string(), "Till 2 — Back office".to_string())],
            "this till's own name is its setting, not a row here; a new name replaces the old"
        );

        let by = |till: &str| {
            let q = LinkQuery { till: Some(till.to_string()), ..Default::default() };
            (store.list_links(&q).unwrap().iter().map(|l| l.id).collect::<Vec<_>>(), store.count_links(&q, None).unwrap())
        };
        assert_eq!(by("till-2"), (vec![theirs.id], 1));
        assert_eq!(by(&own), (vec![mine.id], 1));
        assert_eq!(by("till-3"), (vec![], 0));
    }
}
