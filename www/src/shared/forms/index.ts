export { TextField, SelectField, CheckboxField } from './fields';
export { FormShell } from './FormShell';
export { fieldErrorsFrom, describeIssue, isFormLevelError } from './fieldErrors';
export type { FieldErrors } from './fieldErrors';
export { useFormValues, toInteger, changedFields } from './useFormValues';
